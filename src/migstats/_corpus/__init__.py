"""_corpus"""
