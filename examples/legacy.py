# Python 2 code that no longer runs (or no longer means the same) in Python 3.
print "hello"

for i in xrange(10):
    if i <> 3:
        pass

class Meta(type):
    pass


class Model(object):
    __metaclass__ = Meta
