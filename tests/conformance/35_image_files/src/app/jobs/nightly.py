def job():
    return 1
