"""Translation helpers that pure code (parsers, validators) may import without Django settings."""
