"""The Python packages the UDFs need inside the database, besides this package.

The one list: ``setup.py`` reads it for ``install_requires``, and the language-container flavor and the
package archive are generated from it. Keep this file free of imports so setup.py can run it alone.
"""

RUNTIME_REQUIREMENTS = [
    "boto3>=1.34,<2",
    "botocore>=1.34,<2",
]
