#!/usr/bin/env python3
"""Write large synthetic checkpoints for the streaming/RSS benchmark (bench/RESULTS.md), without torch or ggml.

  /usr/bin/python3 bench/make_large_checkpoints.py OUT_DIR [--layers 16] [--rows 16384] [--cols 4096]

Writes OUT_DIR/large.pt (torch.save zip layout: archive/data.pkl with a protocol-2 pickle of an OrderedDict of
torch._utils._rebuild_tensor_v2 calls, archive/data/<k> float16 storages, archive/byteorder, archive/version) and
OUT_DIR/large.gguf (GGUF v3, F16 tensors, ne = [cols, rows]). Each holds LAYERS float16 matrices of ROWS x COLS
with seeded N(0, 0.02^2) entries (16 x 16384 x 4096 x 2 bytes = 2 GiB per file). Needs only numpy.
The pickle is written opcode by opcode here (no torch import), so it exercises exactly what torch.save emits.
"""
import argparse
import os
import struct
import zipfile

import numpy as np


def pickle_state_dict(names, rows, cols):
    out = bytearray(b"\x80\x02")                                    # PROTO 2
    out += b"ccollections\nOrderedDict\n)R"                          # OrderedDict()
    out += b"("                                                      # MARK for SETITEMS
    for key, name in enumerate(names):
        nb = name.encode()
        out += b"X" + struct.pack("<I", len(nb)) + nb                # key
        out += b"ctorch._utils\n_rebuild_tensor_v2\n("
        out += b"(X\x07\x00\x00\x00storage" + b"ctorch\nHalfStorage\n"
        k = str(key).encode()
        out += b"X" + struct.pack("<I", len(k)) + k + b"X\x03\x00\x00\x00cpu" + b"J" + struct.pack("<i", rows * cols)
        out += b"tQ"                                                 # tuple, BINPERSID
        out += b"J" + struct.pack("<i", 0)                           # storage offset
        out += b"(J" + struct.pack("<i", rows) + b"J" + struct.pack("<i", cols) + b"t"      # size
        out += b"(J" + struct.pack("<i", cols) + b"J" + struct.pack("<i", 1) + b"t"         # stride
        out += b"\x89" + b"ccollections\nOrderedDict\n)R"            # requires_grad, backward_hooks
        out += b"tR"                                                 # args tuple, REDUCE
    out += b"u."                                                     # SETITEMS, STOP
    return bytes(out)


def matrices(layers, rows, cols, seed):
    rng = np.random.default_rng(seed)
    for i in range(layers):
        yield f"model.layers.{i}.mlp.up_proj.weight", (rng.standard_normal((rows, cols), dtype=np.float32) * 0.02).astype("<f2")


def write_pt(path, layers, rows, cols):
    names = [f"model.layers.{i}.mlp.up_proj.weight" for i in range(layers)]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as z:
        z.writestr("archive/data.pkl", pickle_state_dict(names, rows, cols))
        z.writestr("archive/byteorder", "little")
        for k, (_, a) in enumerate(matrices(layers, rows, cols, 1)):
            with z.open(f"archive/data/{k}", "w", force_zip64=True) as f:
                f.write(a.tobytes())
        z.writestr("archive/version", "3\n")


def write_gguf(path, layers, rows, cols, alignment=32):
    infos, offset = bytearray(), 0
    size = rows * cols * 2
    for i in range(layers):
        name = f"blk.{i}.ffn_up.weight".encode()
        infos += struct.pack("<Q", len(name)) + name + struct.pack("<I", 2) + struct.pack("<QQ", cols, rows)
        infos += struct.pack("<I", 1) + struct.pack("<Q", offset)             # GGML_TYPE_F16 = 1
        offset += (size + alignment - 1) // alignment * alignment
    key, val = b"general.architecture", b"llama"
    kv = struct.pack("<Q", len(key)) + key + struct.pack("<I", 8) + struct.pack("<Q", len(val)) + val
    head = b"GGUF" + struct.pack("<IQQ", 3, layers, 1) + kv + bytes(infos)
    with open(path, "wb") as f:
        f.write(head)
        f.write(b"\0" * ((alignment - len(head) % alignment) % alignment))
        for _, a in matrices(layers, rows, cols, 2):
            b = a.tobytes()
            f.write(b)
            f.write(b"\0" * ((alignment - len(b) % alignment) % alignment))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--layers", type=int, default=16)
    ap.add_argument("--rows", type=int, default=16384)
    ap.add_argument("--cols", type=int, default=4096)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    write_pt(os.path.join(a.out, "large.pt"), a.layers, a.rows, a.cols)
    write_gguf(os.path.join(a.out, "large.gguf"), a.layers, a.rows, a.cols)


if __name__ == "__main__":
    main()
