"""torch.distributed.run.parse_min_max_nnodes, copied: TorchFunctionTask reads the node range with it."""

def parse_min_max_nnodes(nnodes: str):
    arr = nnodes.split(":")
    if len(arr) == 1:
        min_nodes = max_nodes = int(arr[0])
    elif len(arr) == 2:
        min_nodes = int(arr[0])
        max_nodes = int(arr[1])
    else:
        raise RuntimeError(f'nnodes={nnodes} is not in "MIN:MAX" format')
    return min_nodes, max_nodes
