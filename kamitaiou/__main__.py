import sys

from kamitaiou.cli import main

sys.exit(main())
