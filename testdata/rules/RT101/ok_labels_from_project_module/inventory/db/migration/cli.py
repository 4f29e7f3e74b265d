"""The migration command line (it adds the version locations of each release)."""
from oslo_config import cfg

EXPAND_BRANCH = "expand"
CONTRACT_BRANCH = "contract"
MIGRATION_BRANCHES = (EXPAND_BRANCH, CONTRACT_BRANCH)

CONF = cfg.ConfigOpts()
