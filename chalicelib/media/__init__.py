"""Media on S3: what arrives in the bucket becomes a media record of its organisation."""
