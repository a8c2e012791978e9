"""_corpus layer: re-exports the names other layers may import.

Other layers import from this package, never from its files."""

from .claim_kinds import GROUPS_GRAMMARS, KIND_REGISTRY, ClaimKind, kinds_where
from .claims import (
    CHECKS,
    CLAIM_COLUMNS,
    CLAIM_KINDS,
    CLAIMS_FILE,
    CLAIMS_SCHEMA,
    COMPARISON_KINDS,
    GRADIENT_DIRECTIONS,
    KIND_QUANTIFIERS,
    PROFILE_KINDS,
    QUANTIFIERS_FILE,
    QUANTIFIERS_SCHEMA,
    RATIO_SEPARATOR,
    REST,
    Comparison,
    QuantifierRange,
    TableColumns,
    chapter_tables,
    dimension_groups,
    load_claims,
    load_quantifiers,
    parse_comparison,
    parse_ratio,
    parse_reported,
    plain_tables,
    published_parts,
    quantifier_range,
    response_parts,
    select_rows,
    split_list,
    table_columns,
    validate_claims,
    validate_quantifiers,
)
from .design import (
    DESIGN_ROUNDING_RULES,
    N_GRID_SPACINGS,
    SCRUTINY_ROUNDING_ALIASES,
    SampleDesign,
)
from .design_checks import SHARE_SUM_TOLERANCE, normalize_shares
from .design_facts import DESIGN_FACTS, check_design_facts, pooled_shares_text
from .design_groups import QUOTA_DECIMALS, check_total_n
from .design_helpers import (
    UNDERREPRESENTED_DEFF_FACTOR,
    UNDERREPRESENTED_SELECTION_FACTOR,
    WEIGHTED_DEFAULT_DEFF,
    GroupDesign,
    MarginDeff,
    deff_from_margin_of_error,
)
from .dimensions import DimensionOrder, dimension_orders
from .group_inflation import (
    DEFAULT_GROUP_INFLATION,
    GROUP_INFLATION_RULES,
    inflated_design,
    kish_group_bound,
)
from .liss import (
    CBS_EDUCATION_PERCENT_25PLUS,
    INCOME_QUINTILE_SHARE,
    LISS_2023,
    LISS_N_CENTRAL,
    LISS_N_RANGE,
)
from .package import DESCRIPTOR_FILE, bundled, descriptor, resource_schema
from .quantifiers import (
    QUANTIFIER_SCALES,
    QUANTIFIER_SETS,
    RANGE_TESTS,
    RANK_TESTS,
    READINGS,
    QuantifierReading,
    quantifier_rows,
    range_of_row,
    resolve_quantifiers,
)
from .readings import quantifier_readings, readings_of_row
from .report import DEFAULT_REPORT, Report, infer_items
from .report_package import (
    BUNDLED_REPORTS,
    PACKAGE_FILES,
    list_reports,
    load_report,
    read_package,
    resolve_report,
    write_package,
)
from .schema import (
    MAX_PROBLEMS_SHOWN,
    Finding,
    Problem,
    refine_schema,
    table_schema,
    validate_resource,
)
from .table_rules import complete_responses
from .tables import (
    DEFAULT_DECIMALS,
    DIMENSIONS,
    ITEM_COLUMNS,
    NON_PARTITION_DIMENSIONS,
    REQUIRED_COLUMNS,
    ROUNDING_HALF_UNIT,
    SCALES,
    TABLE_COLUMNS,
    TABLE_IDS,
    TABLE_TITLES,
    as_table,
    check_given_tables,
    list_tables,
    load_items,
    load_table,
    validate_items,
    validate_tables,
)
