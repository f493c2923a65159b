#!/usr/bin/env python3
"""Draw a concept-switch stream on columns of its own, with no rule, in selfheal's CSV contract.

    python3 examples/concept-switches/concept_switches.py hyperplane --seed 1 --out hyp1
    java -jar lab/target/selfheal.jar experiment --train hyp1/train.csv --stream hyp1/stream.csv \\
        --holdout hyp1/holdout.csv --clean-test hyp1/clean_test.csv --rules '' --labels immediate \\
        --seed 1 --out out-hyp1

writes train.csv (5,000 rows), clean_test.csv (1,000), stream.csv (25 batches of 100) and
holdout.csv (1,000, the concept of the last batch), columns id,key,ts,batch,label and the features. Every label
is flipped with probability 5%, so no classifier beats 0.95 accuracy. The first concept holds in
training and the first two stream batches (`--switch-after N`: the first N); `--every N` swaps back
and forth every N batches after the first switch.

- sea: amount, hour, velocity uniform on [0, 10]; fraud when amount + hour > 14 in training and the
  first two stream batches, > 11 after.
- hyperplane: amount, hour, merchant_risk, distance, velocity, age ~ N(0, 1); fraud when w.x > 1.2,
  w along (1, 0.8, 0, 0, -0.5, 0) in training and the first two batches, along (0, 0.8, 1, -0.7, 0, 0)
  after.
- sine: x1, x2 uniform on [0, 1]; fraud below the curve x2 = 0.3 + 0.5 sin(3 x1), then above it:
  the relation turns round at once.
- stagger: size, color, shape, each 0, 1 or 2; fraud when size = 0 and color = 0, then when size is
  1 or 2: one boolean concept replaced by another.
- agrawal: salary, commission, age, elevel, car, zipcode, hvalue, hyears, loan in their own units
  (tens of thousands, years, codes); the classic loan-approval functions 1 (age under 40 or 60 and
  over), then 2 (a salary band that depends on the age band).
- agrawal-3-5: the same columns, function 3 (education level by age band), then 5 (salary plus
  commission and the loan, by age band).
- mixed: v, w each 0 or 1, x, y uniform on [0, 1]; fraud when at least two of v = 1, w = 1 and
  y < 0.5 + 0.3 sin(3 pi x) hold, then the opposite.
- rbf: r1..r4 drawn around one of twelve fixed centres (spread 0.08); four centres are fraud, then
  four others (some of the same) are.

The built-in scenarios (`generate --scenario sea|hyperplane`, docs/evaluation.md, "Other
generators") are the reference for figures; this script, which needs numpy only, shows the same two
concepts as one's own CSV files. It draws x first and flips labels, so its files differ from theirs.
The other six have no built-in twin: their figures in docs/evaluation.md are measured on this
script's files.
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


def sine(turned):
    def draw(n, rng):
        x = rng.uniform(0, 1, (n, 2)).astype(np.float32)
        below = x[:, 1] < 0.3 + 0.5 * np.sin(3 * x[:, 0])
        return x, flip((below != turned).astype(int), rng)
    return draw


def stagger(concept):
    def draw(n, rng):
        x = rng.integers(0, 3, (n, 3)).astype(np.float32)
        size, color = x[:, 0], x[:, 1]
        y = (size == 0) & (color == 0) if concept == 0 else size >= 1
        return x, flip(y.astype(int), rng)
    return draw


def agrawal(function):
    def draw(n, rng):
        salary = rng.uniform(20000, 150000, n)
        commission = np.where(salary >= 75000, 0, rng.uniform(10000, 75000, n))
        age = rng.integers(20, 81, n)
        elevel = rng.integers(0, 5, n)
        car = rng.integers(1, 21, n)
        zipcode = rng.integers(0, 9, n)
        hvalue = (9 - zipcode) * 100000 * rng.uniform(0.5, 1.5, n)
        hyears = rng.integers(1, 31, n)
        loan = rng.uniform(0, 500000, n)
        young, middle, old = age < 40, (age >= 40) & (age < 60), age >= 60
        if function == 1:
            y = young | old
        elif function == 2:
            y = ((young & (salary >= 50000) & (salary <= 100000)) | (middle & (salary >= 75000) & (salary <= 125000))
                 | (old & (salary >= 25000) & (salary <= 75000)))
        elif function == 3:
            y = (young & (elevel <= 1)) | (middle & (elevel >= 1) & (elevel <= 3)) | (old & (elevel >= 2))
        else:
            total = salary + commission
            y = ((young & (total >= 50000) & (total <= 100000) & (loan <= 250000))
                 | (middle & (total >= 75000) & (total <= 125000))
                 | (old & (total >= 25000) & (total <= 75000) & (loan >= 250000)))
        x = np.stack([salary, commission, age, elevel, car, zipcode, hvalue, hyears, loan], axis=1)
        return x.astype(np.float32), flip(y.astype(int), rng)
    return draw


def mixed(reversed_):
    def draw(n, rng):
        v = rng.integers(0, 2, n)
        w = rng.integers(0, 2, n)
        x = rng.uniform(0, 1, (n, 2))
        below = x[:, 1] < 0.5 + 0.3 * np.sin(3 * np.pi * x[:, 0])
        y = (v + w + below.astype(int)) >= 2
        cols = np.stack([v, w, x[:, 0], x[:, 1]], axis=1)
        return cols.astype(np.float32), flip((y != reversed_).astype(int), rng)
    return draw


def rbf(labelling):
    # Twelve centroids in four dimensions, fixed; each concept gives them classes of its own.
    centres = np.random.default_rng(1234).uniform(0, 1, (12, 4))
    classes = np.random.default_rng(100 + labelling).permutation([1] * 4 + [0] * 8)

    def draw(n, rng):
        c = rng.integers(0, len(centres), n)
        x = centres[c] + rng.normal(0, 0.08, (n, 4))
        return x.astype(np.float32), flip(classes[c].astype(int), rng)
    return draw


AGRAWAL_COLUMNS = ["salary", "commission", "age", "elevel", "car", "zipcode", "hvalue", "hyears", "loan"]

GENERATORS = {
    "sea": (["amount", "hour", "velocity"], sea(14.0), sea(11.0)),
    "hyperplane": (["amount", "hour", "merchant_risk", "distance", "velocity", "age"],
                   hyperplane([1.0, 0.8, 0.0, 0.0, -0.5, 0.0]), hyperplane([0.0, 0.8, 1.0, -0.7, 0.0, 0.0])),
    "sine": (["x1", "x2"], sine(False), sine(True)),
    "stagger": (["size", "color", "shape"], stagger(0), stagger(1)),
    "agrawal": (AGRAWAL_COLUMNS, agrawal(1), agrawal(2)),
    "agrawal-3-5": (AGRAWAL_COLUMNS, agrawal(3), agrawal(5)),
    "mixed": (["v", "w", "x", "y"], mixed(False), mixed(True)),
    "rbf": (["r1", "r2", "r3", "r4"], rbf(0), rbf(1)),
}


# Concepts with a parameter that can move a little each batch: the concept a share t of the way
# from the first to the second (--incremental).
BETWEEN = {
    "sea": lambda t: sea(14 - 3 * t),
    "hyperplane": lambda t: hyperplane((1 - t) * np.array([1.0, 0.8, 0.0, 0.0, -0.5, 0.0]) / np.linalg.norm(
        [1.0, 0.8, 0.0, 0.0, -0.5, 0.0]) + t * np.array([0.0, 0.8, 1.0, -0.7, 0.0, 0.0]) / np.linalg.norm(
        [0.0, 0.8, 1.0, -0.7, 0.0, 0.0])),
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
    p.add_argument("--every", type=int, default=0,
                   help="switch back and forth every N batches after the first switch (default 0: switch once)")
    p.add_argument("--switch-after", type=int, default=BEFORE_SWITCH,
                   help=f"batches of the first concept before the first switch (default {BEFORE_SWITCH})")
    p.add_argument("--gradual", type=int, default=0,
                   help="after the first switch, draw each row from the new concept with a share that grows"
                        " by 1/N a batch, so the N-th batch is all new (default 0: at once; not with --every)")
    p.add_argument("--incremental", type=int, default=0,
                   help="sea and hyperplane only: after the first switch, move the concept a 1/N step each batch"
                        " (the threshold, the hyperplane's direction), so the N-th batch is the new concept"
                        " (default 0: at once; not with --every or --gradual)")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if a.gradual < 0 or (a.gradual > 0 and a.every > 0):
        p.error("--gradual takes N >= 0 and does not combine with --every")
    if a.incremental < 0 or (a.incremental > 0 and (a.every > 0 or a.gradual > 0)):
        p.error("--incremental takes N >= 0 and does not combine with --every or --gradual")
    if a.incremental > 0 and a.generator not in BETWEEN:
        p.error("--incremental works for " + " and ".join(sorted(BETWEEN)) + " only")
    columns, before, after = GENERATORS[a.generator]
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    write(os.path.join(a.out, "train.csv"), *before(5000, rng), "train", columns)
    write(os.path.join(a.out, "clean_test.csv"), *before(1000, rng), "test", columns)
    xs, ys, bs = [], [], []
    def law(b):
        if b <= a.switch_after:
            return before
        return after if a.every <= 0 or ((b - a.switch_after - 1) // a.every) % 2 == 0 else before

    def draw(b):
        k = b - a.switch_after
        if a.incremental > 0 and 0 < k < a.incremental:
            return BETWEEN[a.generator](k / a.incremental)(BATCH_SIZE, rng)
        if a.gradual <= 0 or k <= 0 or k >= a.gradual:
            return law(b)(BATCH_SIZE, rng)
        x_old, y_old = before(BATCH_SIZE, rng)
        x_new, y_new = after(BATCH_SIZE, rng)
        new = rng.random(BATCH_SIZE) < k / a.gradual
        return np.where(new[:, None], x_new, x_old), np.where(new, y_new, y_old)

    for b in range(1, BATCHES + 1):
        x, y = draw(b)
        xs.append(x)
        ys.append(y)
        bs += [b] * BATCH_SIZE
    write(os.path.join(a.out, "stream.csv"), np.concatenate(xs), np.concatenate(ys), "s", columns, bs)
    write(os.path.join(a.out, "holdout.csv"), *law(BATCHES)(1000, rng), "hold", columns)


if __name__ == "__main__":
    main()
