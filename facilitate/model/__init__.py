"""Pure domain: dataclasses and rules, no Flask, no database."""
