"""Reference run on a GPU: how far does the shipped teacher's architecture get with far more images?

Not part of the product. Glimpse trains with DJL on the CPU (`glimpse train`); this script answers
one planning question for the 88 % teacher target: is the target out of reach of a width-96,
depth-6 ViT on this data, or only of the compute the CPU budget buys? It re-implements the
Fashion-MNIST video generator's single-frame clips in PyTorch (same distributions as
VideoClipGenerator, not the same bytes), trains a timm-structured ViT with the teacher recipe
(AdamW, warm-up + cosine, label smoothing 0.1, flips, clipping 1.0; bf16 autocast), and scores it on
test frames written by DumpTestFrames.java, the very frames `glimpse train evaluate` starts with.
Weights are saved with the official names, so the Java model loads them.

    python3 train_reference.py --frames test-frames.bin --fashion DIR --seconds 240 --out OUT
"""
import argparse
import gzip
import json
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
W = 64  # canvas


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class FrameGenerator:
    """Single-frame clips as VideoClipGenerator draws them (clutter 0.5, occlusion 0.25, tint 0.15)."""

    def __init__(self, images, labels, device):
        self.items = torch.from_numpy(images.copy()).to(device)  # (n, 28, 28) uint8
        self.labels = torch.from_numpy(labels.astype(np.int64)).to(device)
        self.device = device
        ink = self.items > 0
        cols = ink.any(1)
        rows = ink.any(2)
        ar = torch.arange(28, device=device)
        big = torch.full_like(ar, 99)
        self.left = torch.where(cols, ar, big).min(1).values
        self.right = torch.where(cols, ar, -big).max(1).values
        self.top = torch.where(rows, ar, big).min(1).values
        self.bottom = torch.where(rows, ar, -big).max(1).values
        blank = self.right < 0
        self.left[blank], self.right[blank], self.top[blank], self.bottom[blank] = 0, 27, 0, 27
        g = (torch.arange(W, device=device, dtype=torch.float32) + 0.5) / W - 0.5
        self.gy, self.gx = torch.meshgrid(g, g, indexing="ij")
        p = torch.arange(W, device=device)
        self.py, self.px = torch.meshgrid(p, p, indexing="ij")

    def u(self, b, lo, hi, *shape):
        return torch.rand(b, *shape, device=self.device) * (hi - lo) + lo

    def __call__(self, b):
        dev, n = self.device, self.items.shape[0]
        idx = torch.randint(0, n, (b,), device=dev)
        mirror = torch.rand(b, device=dev) < 0.5
        img = self.items[idx].float()
        img = torch.where(mirror.view(b, 1, 1), img.flip(2), img)
        left = torch.where(mirror, 27 - self.right[idx], self.left[idx]).float()
        right = torch.where(mirror, 27 - self.left[idx], self.right[idx]).float()
        top, bottom = self.top[idx].float(), self.bottom[idx].float()
        colour = 255 * self.u(b, 0.75, 1.0, 1) * self.u(b, 0.8, 1.0, 3)  # (b, 3)

        # background: a tinted gradient
        level = self.u(b, 10, 120, 1)
        angle = self.u(b, 0, 2 * math.pi, 1)
        base = level + self.u(b, -25, 25, 3)
        slope = self.u(b, -30, 30, 3)
        tint = self.u(b, 0.85, 1.15, 3)
        t = self.gx * torch.cos(angle).view(b, 1, 1) + self.gy * torch.sin(angle).view(b, 1, 1)
        work = base.view(b, 3, 1, 1) + slope.view(b, 3, 1, 1) * t.unsqueeze(1)  # (b, 3, W, W)

        # four faint fragments of other items, faded at their edges
        for _ in range(4):
            j = torch.randint(0, n, (b,), device=dev)
            cw = torch.randint(8, 21, (b,), device=dev)
            chh = torch.randint(8, 21, (b,), device=dev)
            cx0 = (torch.rand(b, device=dev) * (29 - cw)).long()
            cy0 = (torch.rand(b, device=dev) * (29 - chh)).long()
            ax = (torch.rand(b, device=dev) * (W + cw)).long() - cw // 2
            ay = (torch.rand(b, device=dev) * (W + chh)).long() - chh // 2
            contrast = self.u(b, 0.15, 0.4, 1)
            fcol = self.u(b, 40, 200, 1) + self.u(b, -20, 20, 3)
            r = self.py - ay.view(b, 1, 1)
            c = self.px - ax.view(b, 1, 1)
            h_, w_ = chh.view(b, 1, 1), cw.view(b, 1, 1)
            valid = (r >= 0) & (r < h_) & (c >= 0) & (c < w_)
            sy = (cy0.view(b, 1, 1) + r).clamp(0, 27)
            sx = (cx0.view(b, 1, 1) + c).clamp(0, 27)
            p = self.items[j.view(b, 1, 1), sy, sx].float() * valid
            edge = torch.minimum(torch.minimum(r, h_ - 1 - r), torch.minimum(c, w_ - 1 - c))
            fade = ((edge + 1).float() / 4).clamp(max=1)
            a = (p / 255 * contrast.view(b, 1, 1) * fade).unsqueeze(1)
            work = work + (fcol.view(b, 3, 1, 1) - work) * a

        # the item, scaled bilinearly about its centre, anywhere its ink stays on the canvas
        s = self.u(b, 0.75, 1.25, 1).view(b)
        lo_x, hi_x = (14.5 - left) * s + 0.01, W - (right - 12.5) * s - 0.01
        lo_y, hi_y = (14.5 - top) * s + 0.01, W - (bottom - 12.5) * s - 0.01
        cx = lo_x + torch.rand(b, device=dev) * (hi_x - lo_x)
        cy = lo_y + torch.rand(b, device=dev) * (hi_y - lo_y)
        pix = torch.arange(W, device=dev, dtype=torch.float32) + 0.5
        fx = (pix.view(1, W) - (cx - 14 * s).view(b, 1)) / s.view(b, 1) - 0.5  # item x per canvas column
        fy = (pix.view(1, W) - (cy - 14 * s).view(b, 1)) / s.view(b, 1) - 0.5
        grid = torch.stack([(fx / 27 * 2 - 1).view(b, 1, W).expand(b, W, W),
                            (fy / 27 * 2 - 1).view(b, W, 1).expand(b, W, W)], dim=-1)
        p = F.grid_sample(img.unsqueeze(1), grid, mode="bilinear", padding_mode="zeros", align_corners=True)
        p = p.clamp(min=0)
        a = (p / 48).clamp(max=1)
        work = work + (colour.view(b, 3, 1, 1) * (p / 255) - work) * a

        # a bar across the canvas in front of the item, in a quarter of the clips
        occluded = torch.rand(b, device=dev) < 0.25
        vertical = torch.rand(b, device=dev) < 0.5
        narrow = torch.minimum(right - left + 1, bottom - top + 1) * 0.75
        thick = torch.clamp(torch.round(narrow * self.u(b, 0.3, 0.5, 1).view(b)), min=2).long()
        start = (torch.rand(b, device=dev) * (W - thick + 1)).long()
        coord = torch.where(vertical.view(b, 1, 1), self.px, self.py)
        bar = occluded.view(b, 1, 1) & (coord >= start.view(b, 1, 1)) & (coord < (start + thick).view(b, 1, 1))
        bcol = self.u(b, 20, 160, 1) + self.u(b, -20, 20, 3)
        work = torch.where(bar.unsqueeze(1), bcol.view(b, 3, 1, 1), work)

        # tint, triangular sensor noise of amplitude 8, bytes
        noise = (torch.randint(0, 32, work.shape, device=dev) + torch.randint(0, 32, work.shape, device=dev) - 31) * (8 / 31)
        frames = torch.floor(work * tint.view(b, 3, 1, 1) + noise + 0.5).clamp(0, 255)
        return frames, self.labels[idx]


def normalise(frames_0_255):
    return (frames_0_255 / 255 - MEAN.to(frames_0_255.device)) / STD.to(frames_0_255.device)


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(d, eps=1e-6)
        self.attn = nn.Module()
        self.attn.qkv = nn.Linear(d, 3 * d)
        self.attn.proj = nn.Linear(d, d)
        self.norm2 = nn.LayerNorm(d, eps=1e-6)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(d, 4 * d)
        self.mlp.fc2 = nn.Linear(4 * d, d)

    def forward(self, x):
        b, n, d = x.shape
        qkv = self.attn.qkv(self.norm1(x)).view(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        if hasattr(F, "scaled_dot_product_attention"):
            y = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2])
        else:  # torch < 2.0
            y = torch.softmax(qkv[0] @ qkv[1].transpose(-2, -1) * (d // self.heads) ** -0.5, -1) @ qkv[2]
        x = x + self.attn.proj(y.transpose(1, 2).reshape(b, n, d))
        return x + self.mlp.fc2(F.gelu(self.mlp.fc1(self.norm2(x))))


class ViT(nn.Module):
    def __init__(self, d=96, depth=6, heads=3, patch=8, classes=10):
        super().__init__()
        self.patch_embed = nn.Module()
        self.patch_embed.proj = nn.Conv2d(3, d, patch, patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        self.pos_embed = nn.Parameter(torch.zeros(1, (W // patch) ** 2 + 1, d))
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(depth))
        self.norm = nn.LayerNorm(d, eps=1e-6)
        self.head = nn.Linear(d, classes)
        nn.init.trunc_normal_(self.cls_token, std=0.02)
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        for name, m in self.named_modules():
            if isinstance(m, nn.Linear):
                if name.endswith("qkv"):
                    nn.init.xavier_uniform_(m.weight)  # as Glimpse's trainer does (nn.MultiheadAttention's init)
                else:
                    nn.init.trunc_normal_(m.weight, std=0.02)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.patch_embed.proj(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed
        for blk in self.blocks:
            x = blk(x)
        return self.head(self.norm(x)[:, 0])


def save_safetensors(model, path):
    tensors = {k: v.detach().float().cpu().contiguous() for k, v in model.state_dict().items()}
    header, offset, blobs = {}, 0, []
    for k in sorted(tensors):
        data = tensors[k].numpy().tobytes()
        header[k] = {"dtype": "F32", "shape": list(tensors[k].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def load_safetensors(model, path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    state = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        state[k] = torch.from_numpy(np.frombuffer(data[a:b], dtype=np.float32).reshape(v["shape"]).copy())
    model.load_state_dict(state)


def read_frames(path, device):
    with open(path, "rb") as f:
        count = struct.unpack(">i", f.read(4))[0]
        pix = np.frombuffer(f.read(count * W * W * 3), dtype=np.uint8).reshape(count, W, W, 3)
        labels = np.frombuffer(f.read(count), dtype=np.uint8)
    x = torch.from_numpy(pix.copy()).to(device).permute(0, 3, 1, 2).float()
    return normalise(x), torch.from_numpy(labels.astype(np.int64)).to(device)


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    correct = sum((model(x[i:i + 500]).argmax(1) == y[i:i + 500]).sum().item() for i in range(0, len(x), 500))
    model.train()
    return correct / len(x)


def train(args, gen, gen_test, test_x, test_y, d, depth, heads, seconds, tag, device, log):
    torch.manual_seed(args.seed)
    model = ViT(d, depth, heads).to(device)
    decay = [p for n, p in model.named_parameters() if p.ndim > 1 and n not in ("cls_token", "pos_embed")]
    no_decay = [p for n, p in model.named_parameters() if not (p.ndim > 1 and n not in ("cls_token", "pos_embed"))]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, **({"fused": True} if device.type == "cuda" else {}))
    b = args.batch
    start = time.time()
    planned = None
    step, seen = 0, 0
    while True:
        elapsed = time.time() - start
        if planned is None and step == 100:
            planned = int(100 + (seconds - elapsed) / (elapsed / 100))  # fix the schedule from the measured rate
            log(f"{tag}: {100 * b / elapsed:.0f} images/s over the first 100 steps; planning {planned} steps")
        total = planned or 10 ** 9
        if step >= total:
            break
        warm = max(1, int(0.02 * total)) if planned else 1000
        lr = args.lr * min(1.0, (step + 1) / warm) if step < warm else \
            args.min_lr + 0.5 * (args.lr - args.min_lr) * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))
        for g in opt.param_groups:
            g["lr"] = lr
        frames, labels = gen(b)
        flip = torch.rand(b, device=device) < 0.5
        frames = torch.where(flip.view(b, 1, 1, 1), frames.flip(3), frames)
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            loss = F.cross_entropy(model(normalise(frames)), labels, label_smoothing=0.1)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        seen += b
        if planned and step % max(1, planned // 10) == 0:
            log(f"{tag}: step {step}/{planned} images {seen} loss {loss.item():.4f} "
                f"test {100 * accuracy(model, test_x, test_y):.2f} % ({time.time() - start:.0f} s)")
    acc = accuracy(model, test_x, test_y)
    log(f"{tag}: done, {seen} images in {time.time() - start:.0f} s, test accuracy {100 * acc:.2f} % on {len(test_x)} frames")
    own_x, own_y = gen_test(len(test_x))
    log(f"{tag}: on {len(test_x)} test-split frames from this script's generator: "
        f"{100 * accuracy(model, normalise(own_x), own_y):.2f} % (generator fidelity check)")
    return model, acc, seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", required=True)
    ap.add_argument("--fashion", required=True)
    ap.add_argument("--teacher", help="shipped teacher, to check this script's model against Glimpse's")
    ap.add_argument("--seconds", type=float, nargs="+", default=[240])
    ap.add_argument("--models", nargs="+", default=["96,6,3"])
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--min-lr", type=float, default=1e-5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=".")
    args = ap.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    os.makedirs(args.out, exist_ok=True)
    logf = open(os.path.join(args.out, "reference.log"), "a")

    def log(msg):
        print(msg, flush=True)
        logf.write(msg + "\n")
        logf.flush()

    log(f"device {torch.cuda.get_device_name() if device.type == 'cuda' else 'cpu'}, torch {torch.__version__}")
    images = read_idx(os.path.join(args.fashion, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(args.fashion, "train-labels-idx1-ubyte.gz"))
    gen = FrameGenerator(images, labels, device)
    gen_test = FrameGenerator(read_idx(os.path.join(args.fashion, "t10k-images-idx3-ubyte.gz")),
                              read_idx(os.path.join(args.fashion, "t10k-labels-idx1-ubyte.gz")), device)
    test_x, test_y = read_frames(args.frames, device)
    if args.teacher:
        t = ViT().to(device)
        load_safetensors(t, args.teacher)
        log(f"shipped teacher on these frames: {100 * accuracy(t, test_x, test_y):.2f} %")
    for spec, seconds in zip(args.models, args.seconds):
        d, depth, heads = (int(v) for v in spec.split(","))
        tag = f"width {d} depth {depth}"
        model, acc, seen = train(args, gen, gen_test, test_x, test_y, d, depth, heads, seconds, tag, device, log)
        save_safetensors(model, os.path.join(args.out, f"reference-{d}x{depth}.safetensors"))


if __name__ == "__main__":
    main()
