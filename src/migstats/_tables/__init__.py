"""_tables"""
