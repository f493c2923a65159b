#!/usr/bin/env python3
"""Draw a concept-switch stream on columns of its own, with no rule, in selfheal's CSV contract.

    python3 examples/concept-switches/concept_switches.py hyperplane --seed 1 --out hyp1
    java -jar lab/target/selfheal.jar experiment --train hyp1/train.csv --stream hyp1/stream.csv \\
        --holdout hyp1/holdout.csv --clean-test hyp1/clean_test.csv --rules '' --labels immediate \\
        --seed 1 --out out-hyp1

writes train.csv (5,000 rows), clean_test.csv (1,000), stream.csv (25 batches of 100) and
holdout.csv (1,000, the new concept), columns id,key,ts,batch,label and the features. Every label
is flipped with probability 5%, so no classifier beats 0.95 accuracy.

- sea: amount, hour, velocity uniform on [0, 10]; fraud when amount + hour > 14 in training and the
  first two stream batches, > 11 after.
- hyperplane: amount, hour, merchant_risk, distance, velocity, age ~ N(0, 1); fraud when w.x > 1.2,
  w along (1, 0.8, 0, 0, -0.5, 0) in training and the first two batches, along (0, 0.8, 1, -0.7, 0, 0)
  after.

The built-in scenarios (`generate --scenario sea|hyperplane`, docs/evaluation.md, "Other
generators") are the reference for figures; this script, which needs numpy only, shows the same two
concepts as one's own CSV files. It draws x first and flips labels, so its files differ from theirs.
"""
import argparse
import os

import numpy as np

NOISE = 0.05
BATCHES = 25
BATCH_SIZE = 100
BEFORE_SWITCH = 2


def flip(y, rng):
    wrong = rng.random(len(y)) < NOISE
    y[wrong] = 1 - y[wrong]
    return y


def sea(threshold):
    def draw(n, rng):
        x = rng.uniform(0, 10, (n, 3)).astype(np.float32)
        return x, flip((x[:, 0] + x[:, 1] > threshold).astype(int), rng)
    return draw


def hyperplane(direction):
    w = np.array(direction) / np.linalg.norm(direction)

    def draw(n, rng):
        x = rng.normal(0, 1, (n, len(w))).astype(np.float32)
        return x, flip((x @ w > 1.2).astype(int), rng)
    return draw


GENERATORS = {
    "sea": (["amount", "hour", "velocity"], sea(14.0), sea(11.0)),
    "hyperplane": (["amount", "hour", "merchant_risk", "distance", "velocity", "age"],
                   hyperplane([1.0, 0.8, 0.0, 0.0, -0.5, 0.0]), hyperplane([0.0, 0.8, 1.0, -0.7, 0.0, 0.0])),
}


def write(path, x, y, prefix, columns, batches=None):
    with open(path, "w") as f:
        f.write("id,key,ts,batch,label," + ",".join(columns) + "\n")
        for i in range(len(y)):
            b = batches[i] if batches is not None else 0
            values = ",".join(f"{v:.6f}" for v in x[i])
            f.write(f"{prefix}-{i + 1:06d},acct-{i % 997},{1700000000000 + 10 * i},{b},{y[i]},{values}\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("generator", choices=sorted(GENERATORS))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    columns, before, after = GENERATORS[a.generator]
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    write(os.path.join(a.out, "train.csv"), *before(5000, rng), "train", columns)
    write(os.path.join(a.out, "clean_test.csv"), *before(1000, rng), "test", columns)
    xs, ys, bs = [], [], []
    for b in range(1, BATCHES + 1):
        x, y = (before if b <= BEFORE_SWITCH else after)(BATCH_SIZE, rng)
        xs.append(x)
        ys.append(y)
        bs += [b] * BATCH_SIZE
    write(os.path.join(a.out, "stream.csv"), np.concatenate(xs), np.concatenate(ys), "s", columns, bs)
    write(os.path.join(a.out, "holdout.csv"), *after(1000, rng), "hold", columns)


if __name__ == "__main__":
    main()
