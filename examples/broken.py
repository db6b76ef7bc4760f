# A file with a syntax error: pylore reports it and still checks the rest of the file.
count = = 1


def ok(bucket=[]):
    return bucket
