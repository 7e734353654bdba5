class DataFrame:
    pass
class SparkSession:
    pass
