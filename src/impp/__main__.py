"""``python -m impp`` runs the `impp` command."""

from impp.cli import main

if __name__ == "__main__":
    main()
