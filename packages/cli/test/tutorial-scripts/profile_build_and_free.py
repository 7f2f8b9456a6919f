from memory_profiler import profile


@profile
def build_and_free():
    big = [0] * (2 * 10**6)
    small = list(range(1000))
    del big
    total = 0
    for i in range(3):
        total += len(small)
    return total


print(build_and_free())
