#!/usr/bin/env python
"""Django's command-line utility (config/manage.py; `catalog-manage` once installed)."""

from config.manage import main

if __name__ == "__main__":
    main()
