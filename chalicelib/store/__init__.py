"""PynamoDB models (the table's item types) and repositories, one module per aggregate."""
