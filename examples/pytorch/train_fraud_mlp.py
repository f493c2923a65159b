#!/usr/bin/env python3
"""Train a fraud MLP in PyTorch and save it as the two TorchScript files `selfheal import` reads.

    java -jar lab/target/selfheal.jar generate --scenario shift --out data
    python3 examples/pytorch/train_fraud_mlp.py --data data/train.csv --out my-model

writes my-model/backbone.pt (features -> hidden vector), my-model/head.pt (hidden -> probability)
and my-model/sample.csv (the held-out part of the data: labelled clean rows for `selfheal import
--data`; with --sample-share 0 the model trains on every row and sample.csv is all of them). The
standardisation is folded into the first Linear layer, so both modules take the raw feature columns
and the backbone stays a plain Linear/ReLU chain, which selfheal scores with its vector kernel.
With --arch layernorm the backbone is Linear, LayerNorm, GELU, Linear, ReLU instead, which selfheal
copies into its vector kernel too, LayerNorm included. --arch tanh (Linear Tanh Linear Tanh), batchnorm (Linear
BatchNorm1d ReLU Linear BatchNorm1d ReLU) and linear-out (Linear ReLU Linear, nothing after the
last) are chains too: selfheal copies them into its vector kernel, BatchNorm folded into the Linear
layers. With --head-hidden K the head is an MLP, Linear(H,K) ReLU
Linear(K,1) (+ Sigmoid): selfheal then heals at its hidden vector of width K; with
--head-arch gelu-layernorm it is Linear(H,K) GELU LayerNorm(K) Linear(K,1), which selfheal also
copies and heals at its hidden vector (the LayerNorm's output). Written for torch 1.13 (Debian's python3-torch), whose
TorchScript files DJL's PyTorch 2.7.1 natives load.
"""
import argparse
import csv
import os
import sys

import torch
from torch import nn

RESERVED = {"id", "key", "ts", "batch", "label"}


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if "label" not in header:
        sys.exit(f"{path}: no label column")
    features = [c for c in header if c not in RESERVED]
    fi = [header.index(c) for c in features]
    li = header.index("label")
    x = torch.tensor([[float(r[i]) for i in fi] for r in body], dtype=torch.float32)
    y = torch.tensor([float(r[li]) for r in body], dtype=torch.float32)
    return header, body, features, x, y


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="labelled CSV, e.g. train.csv from `selfheal generate`")
    ap.add_argument("--out", required=True, help="directory for backbone.pt, head.pt and sample.csv")
    ap.add_argument("--hidden", type=int, default=32, help="hidden width (default 32)")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--lr", type=float, default=3e-3, help="Adam learning rate (default 3e-3)")
    ap.add_argument("--batch", type=int, default=64, help="minibatch size (default 64)")
    ap.add_argument("--arch", choices=["mlp", "layernorm", "tanh", "batchnorm", "linear-out"], default="mlp",
                    help="mlp: Linear ReLU Linear ReLU (default); layernorm: Linear LayerNorm GELU Linear ReLU; "
                         "tanh: Linear Tanh Linear Tanh; batchnorm: Linear BatchNorm1d ReLU Linear BatchNorm1d ReLU; "
                         "linear-out: Linear ReLU Linear")
    ap.add_argument("--head-hidden", type=int, default=0,
                    help="width K of the head's hidden layer: Linear(H,K) ReLU Linear(K,1) (default 0: Linear(H,1))")
    ap.add_argument("--head-arch", choices=["relu", "gelu-layernorm"], default="relu",
                    help="the head's hidden layer with --head-hidden: Linear ReLU (default), or Linear GELU LayerNorm")
    ap.add_argument("--sample-share", type=float, default=0.2,
                    help="share of rows held out as sample.csv (default 0.2; 0: train on all, sample.csv = all)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.head_arch != "relu" and a.head_hidden == 0:
        ap.error("--head-arch gelu-layernorm needs --head-hidden K")

    torch.manual_seed(a.seed)
    header, body, features, x, y = read_csv(a.data)
    perm = torch.randperm(len(body))
    n_sample = int(len(body) * a.sample_share)
    sample_idx, train_idx = perm[:n_sample], perm[n_sample:]
    if n_sample == 0:
        sample_idx = perm
    xt, yt = x[train_idx], y[train_idx]

    mean, std = xt.mean(0), xt.std(0).clamp_min(1e-6)
    d, k = len(features), a.hidden
    backbone = {
        "mlp": lambda: nn.Sequential(nn.Linear(d, k), nn.ReLU(), nn.Linear(k, k), nn.ReLU()),
        "layernorm": lambda: nn.Sequential(nn.Linear(d, k), nn.LayerNorm(k), nn.GELU(), nn.Linear(k, k), nn.ReLU()),
        "tanh": lambda: nn.Sequential(nn.Linear(d, k), nn.Tanh(), nn.Linear(k, k), nn.Tanh()),
        "batchnorm": lambda: nn.Sequential(nn.Linear(d, k), nn.BatchNorm1d(k), nn.ReLU(), nn.Linear(k, k),
                                           nn.BatchNorm1d(k), nn.ReLU()),
        "linear-out": lambda: nn.Sequential(nn.Linear(d, k), nn.ReLU(), nn.Linear(k, k)),
    }[a.arch]()
    if a.head_hidden == 0:
        head = nn.Linear(a.hidden, 1)
    elif a.head_arch == "relu":
        head = nn.Sequential(nn.Linear(a.hidden, a.head_hidden), nn.ReLU(), nn.Linear(a.head_hidden, 1))
    else:
        head = nn.Sequential(nn.Linear(a.hidden, a.head_hidden), nn.GELU(), nn.LayerNorm(a.head_hidden),
                             nn.Linear(a.head_hidden, 1))
    params = list(backbone.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params, lr=a.lr)
    loss_fn = nn.BCEWithLogitsLoss()
    xs = (xt - mean) / std
    for epoch in range(a.epochs):
        order = torch.randperm(len(xs))
        for i in range(0, len(xs), a.batch):
            b = order[i:i + a.batch]
            opt.zero_grad()
            loss = loss_fn(head(backbone(xs[b])).squeeze(1), yt[b])
            loss.backward()
            opt.step()
    widths = f"{a.hidden} -> {a.head_hidden} -> 1" if a.head_hidden else f"{a.hidden} -> 1"
    print(f"trained {a.arch} {len(features)} -> {a.hidden} -> {widths} on {len(xt)} rows, final batch loss "
          f"{loss.item():.4f}")

    # Fold (x - mean) / std into the first Linear: W' = W / std, b' = b - W' . mean.
    with torch.no_grad():
        first = backbone[0]
        first.weight.div_(std)
        first.bias.sub_(first.weight @ mean)
    backbone.eval()
    head.eval()
    head_p = nn.Sequential(head, nn.Sigmoid()).eval()

    os.makedirs(a.out, exist_ok=True)
    torch.jit.script(backbone).save(os.path.join(a.out, "backbone.pt"))
    torch.jit.trace(head_p, torch.zeros(1, a.hidden)).save(os.path.join(a.out, "head.pt"))
    with open(os.path.join(a.out, "sample.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in sorted(sample_idx.tolist()):
            w.writerow(body[i])

    with torch.no_grad():
        xs_, ys_ = x[sample_idx], y[sample_idx]
        p = head_p(backbone(xs_)).squeeze(1)
        acc = ((p > 0.5).float() == ys_).float().mean().item()
    print(f"sample.csv: {len(sample_idx)} rows, accuracy {acc:.3f}; features {','.join(features)}")
    print(f"wrote {a.out}/backbone.pt, {a.out}/head.pt, {a.out}/sample.csv")


if __name__ == "__main__":
    main()
