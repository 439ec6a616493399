"""``python -m policycmp`` runs the command-line interface (through :mod:`policycmp.entry`, so ``--version`` stays quick)."""

from policycmp.entry import main

if __name__ == "__main__":
    main()
