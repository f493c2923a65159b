#!/usr/bin/env python3
"""Writes the TorchScript fixtures beside this file and the outputs PyTorch gave on them.

Run with Debian's torch 1.13 (`apt-get install python3-torch`, then /usr/bin/python3): files from a
newer torch are not guaranteed to load in DJL's PyTorch natives. The tests only read what this
writes, so the build never needs Python.

    mlp32/       backbone Linear(10,32) ReLU Linear(32,32) ReLU (scripted), head Linear(32,1) Sigmoid
                 (traced), head_logit Linear(32,1) (scripted): the vector kernel's case
    shallow24/   backbone Linear(10,24) ReLU, head Linear(24,1) Sigmoid: a chain of another depth
    layernorm48/ backbone Linear(10,48) LayerNorm GELU Linear(48,48) ReLU, head Linear(48,1) Sigmoid:
                 LayerNorm between a Linear and its activation, over a width the vector kernel pads
    relu6_32/    backbone Linear(10,32) ReLU6 Linear(32,32) ReLU: parameters of a Linear/ReLU chain, outputs
                 equal to one's except where a unit passes 6, i.e. only on extreme rows
    bad/         truncated.pt (the first 60% of mlp32/backbone.pt), head16.pt (Linear(16,1) Sigmoid:
                 a head for another backbone width); heads for a width-32 backbone that are no
                 Linear/ReLU chain: head_layernorm.pt (Linear(32,16) LayerNorm ReLU Linear(16,1)
                 Sigmoid), head_gelu.pt (Linear(32,16) GELU Linear(16,1) Sigmoid: a chain's parameters,
                 other outputs), head_two.pt (Linear(32,16) ReLU Linear(16,2): two outputs)
    mlphead32/   backbone Linear(10,32) ReLU Linear(32,32) ReLU (scripted), head Linear(32,16) ReLU
                 Linear(16,1) Sigmoid (traced): an MLP head on a chain, one longer chain
    layernorm_mlphead48/ backbone Linear(10,48) LayerNorm GELU Linear(48,48) ReLU, head Linear(48,8)
                 ReLU Linear(8,1) (scripted, a logit): an MLP head after a LayerNorm chain
    gelu_ln_head32/ backbone Linear(10,32) ReLU Linear(32,32) ReLU (scripted), head Linear(32,16) GELU
                 LayerNorm(16) Linear(16,1) Sigmoid (scripted): a LayerNorm after an activation, in a head
    batchnorm_head48/ backbone Linear(10,48) LayerNorm GELU Linear(48,48) ReLU, head Linear(48,16)
                 BatchNorm1d(16) (eval mode) ReLU Linear(16,1) (scripted, a logit): an MLP head with BatchNorm
                 to fold, after a LayerNorm chain
    deep_chain16/ backbone Linear(10,32) ReLU Linear(32,24) ReLU Linear(24,16) ReLU (scripted), head
                 Linear(16,1) Sigmoid (traced): a chain deeper than two layers, of other widths
    deep_mlphead12/ backbone Linear(10,24) ReLU Linear(24,24) ReLU Linear(24,12) ReLU (scripted), head
                 Linear(12,8) ReLU Linear(8,4) ReLU Linear(4,1) Sigmoid (traced): a deep chain and an MLP head
                 of two hidden layers, one long chain
    nobias16/    backbone Linear(10,16,bias=False) ReLU Linear(16,16) ReLU (scripted), head Linear(16,1) Sigmoid
                 (traced): a chain with a Linear layer without bias
    float64_16/  backbone Linear(10,16) ReLU Linear(16,16) ReLU, head Linear(16,1) Sigmoid, both float64
                 (scripted): a model saved without .float()
    bad/         dropout_train.pt (Linear(10,32) ReLU Dropout(0.5) Linear(32,32) ReLU traced in training mode:
                 other outputs every call), head_softmax2.pt (Linear(32,2) Softmax: a two-class head)
    bare_last16/ backbone Linear(10,32) ReLU Linear(32,16) (scripted: no activation after the last Linear, h
                 negative too), head Linear(16,1) Sigmoid (traced)
    tanh_mlphead32/ backbone Linear(10,32) Tanh Linear(32,32) Tanh (scripted), head Linear(32,16) ReLU
                 Linear(16,1) Sigmoid (traced)
    leaky24/     backbone Linear(10,24) LeakyReLU(0.1) Linear(24,16) LeakyReLU(0.1) (traced: the slope is in
                 its forward code, not a declared constant), head Linear(16,1) Sigmoid (traced)
    silu_gelu32/ backbone Linear(10,32) SiLU Linear(32,32) GELU(approximate="tanh") Linear(32,16) GELU
                 (scripted), head Linear(16,1) Sigmoid (traced)
    elu_sigmoid16/ backbone of a class of its own (fc1, act1, fc2, act2 registered in the order forward calls
                 them): Linear(10,16) ELU(0.5) Linear(16,16) Sigmoid (scripted), head Linear(16,1) Sigmoid
    batchnorm32/ backbone Linear(10,32) BatchNorm1d ReLU Dropout(0.1) Linear(32,32) BatchNorm1d ReLU, trained
                 so the running statistics are the data's, then eval() (scripted), head Linear(32,1) Sigmoid
    batchnorm_mixed16/ backbone BatchNorm1d(10) Linear(10,32) BatchNorm1d ReLU Linear(32,32) ReLU
                 BatchNorm1d Linear(32,16) Tanh (traced): BatchNorm at the input, after a Linear and after an
                 activation; head Linear(16,1) Sigmoid
    shared_tanh16/ backbone of a class of its own that registers fc1, fc2, then one Tanh it calls after each
                 (scripted): its file records Linear, Linear, Tanh, not the order it runs them in; head
                 Linear(16,1) Sigmoid
    softplus16/  backbone Linear(10,16) Softplus Linear(16,16) Softplus (scripted: PyTorch's defaults), head
                 Linear(16,1) Sigmoid
    softplus_hardtanh16/ backbone Linear(10,16) Softplus(beta=2, threshold=5) Linear(16,16) Hardtanh(-0.5, 2)
                 Linear(16,16) ReLU6 (scripted), head Linear(16,1) Sigmoid
    softplus_hardtanh_traced16/ backbone Linear(10,16) Softplus(beta=0.5, threshold=3) Linear(16,16)
                 Hardtanh(-1.5, 0.75) Linear(16,16) Softplus() (traced: the constants are in its forward code),
                 head Linear(16,1) Sigmoid
    mish_prelu16/ backbone Linear(10,16) Mish Linear(16,16) PReLU(one slope) Linear(16,16) PReLU(16 slopes)
                 (scripted), head Linear(16,1) Sigmoid
    hardswish16/ backbone Linear(10,16) Hardswish Linear(16,16) Hardswish (scripted): an activation no kernel
                 of selfheal's runs; head Linear(16,1) Sigmoid
    gelu_tanh_head32/ backbone Linear(10,32) ReLU Linear(32,32) ReLU (scripted), head Linear(32,16) GELU
                 Linear(16,8) Tanh Linear(8,1) Sigmoid (traced): an MLP head whose hidden layers are no ReLU
    layernorm_silu_head48/ backbone Linear(10,48) LayerNorm GELU Linear(48,48) ReLU, head Linear(48,8) SiLU
                 Linear(8,1) (scripted, a logit): such a head after a LayerNorm chain
    layernorm_logit_head48/ backbone Linear(10,48) LayerNorm GELU Linear(48,48) ReLU, head Linear(48,16)
                 LayerNorm(16) ReLU Linear(16,1) (scripted, a logit): LayerNorm inside a head
    layernorm_traced16/ backbone Linear(10,16) LayerNorm(16, eps=1e-3) GELU Linear(16,16)
                 LayerNorm(16, elementwise_affine=False) ReLU (traced: eps and width are in its forward code),
                 head Linear(16,1) Sigmoid
    input_layernorm16/ backbone LayerNorm(10) Linear(10,16) Tanh Linear(16,16) ReLU LayerNorm(16) (scripted):
                 LayerNorm at the input and after an activation, each held with an identity Linear; head
                 Linear(16,1) Sigmoid
    hardswish_logit_head32/ backbone Linear(10,32) ReLU Linear(32,32) ReLU (scripted), head Linear(32,16)
                 Hardswish Linear(16,1) (scripted, a logit): a head no kernel copies, healed at its logit
    hardswish_mlphead48/ backbone Linear(10,48) Hardswish Linear(48,48) ReLU, head Linear(48,8) ReLU
                 Linear(8,1) (scripted, a logit): an MLP head on a module served through DJL
    hardswish_silu_head48/ the same backbone, head Linear(48,8) SiLU Linear(8,1) (scripted, a logit)
    hardswish_bn_head48/ the same backbone, head Linear(48,16) BatchNorm1d(16) (eval mode) ReLU Linear(16,1)
                 (scripted, a logit): an MLP head with BatchNorm to fold, on a module
    hardswish_head32/ backbone Linear(10,32) ReLU Linear(32,32) ReLU (scripted), head Linear(32,16) Hardswish
                 Linear(16,1) Sigmoid (scripted): a probability head no kernel copies, healed at its logit
    leaky_default16/ backbone Linear(10,16) LeakyReLU() Linear(16,16) ELU() (traced: its forward code leaves
                 out the slope, at its default 0.01), head Linear(16,1) Sigmoid
    expected.json  per model: input rows (raw features, extremes included), the backbone's output h
                   and the head's output on them, as PyTorch computed them; for an MLP head also
                   head_hidden, the head's last hidden vector (the input of its last Linear)
"""
import json
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "V14", "f8", "f9"]
KEY = FEATURES.index("V14")


def data(n, gen):
    """The built-in scenarios' clean population: N(0,1) noise, 15% fraud with V14 ~ N(-2.5, 0.8)."""
    x = torch.randn(n, len(FEATURES), generator=gen)
    y = (torch.rand(n, generator=gen) < 0.15).float()
    fraud = y == 1
    x[fraud, KEY] = -2.5 + 0.8 * torch.randn(int(fraud.sum()), generator=gen)
    return x, y


def fit(backbone, head, gen, steps=300):
    x, y = data(2000, gen)
    opt = torch.optim.Adam(list(backbone.parameters()) + list(head.parameters()), lr=3e-3)
    for step in range(steps):
        i = torch.randint(0, len(x), (64,), generator=gen)
        opt.zero_grad()
        nn.functional.binary_cross_entropy_with_logits(head(backbone(x[i])).squeeze(1), y[i]).backward()
        opt.step()
    backbone.eval()
    head.eval()


def probe_rows(gen):
    rows = data(6, gen)[0]
    extremes = torch.tensor([[8.0] * len(FEATURES), [-8.0] * len(FEATURES)])
    return torch.cat([rows, extremes])


def save(name, backbone, head_linear, gen, logit_head=False):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    hidden = head_linear.in_features
    head = nn.Sequential(head_linear, nn.Sigmoid()).eval()
    torch.jit.script(backbone).save(os.path.join(d, "backbone.pt"))
    torch.jit.trace(head, torch.zeros(1, hidden)).save(os.path.join(d, "head.pt"))
    if logit_head:
        torch.jit.script(head_linear).save(os.path.join(d, "head_logit.pt"))
    rows = probe_rows(gen)
    with torch.no_grad():
        h = backbone(rows)
        p = head(h).squeeze(1)
        z = head_linear(h).squeeze(1)
    return {"features": FEATURES, "hidden": hidden, "rows": rows.tolist(), "h": h.tolist(),
            "probability": p.tolist(), "logit": z.tolist()}


def save_mlp_head(name, backbone, head, gen, sigmoid):
    """An MLP head (Linear/ReLU layers, then Linear(k,1)): traced with a sigmoid, or scripted as a logit."""
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    hidden = head[0].in_features
    served = nn.Sequential(*head, nn.Sigmoid()).eval() if sigmoid else head.eval()
    torch.jit.script(backbone).save(os.path.join(d, "backbone.pt"))
    if sigmoid:
        torch.jit.trace(served, torch.zeros(1, hidden)).save(os.path.join(d, "head.pt"))
    else:
        torch.jit.script(served).save(os.path.join(d, "head.pt"))
    rows = probe_rows(gen)
    with torch.no_grad():
        h = backbone(rows)
        k = head[:-1](h)
        z = head[-1](k).squeeze(1)
    return {"features": FEATURES, "hidden": hidden, "rows": rows.tolist(), "h": h.tolist(),
            "head_hidden": k.tolist(), "probability": torch.sigmoid(z).tolist(), "logit": z.tolist()}


def save_any_head(name, backbone, head, gen, sigmoid):
    """A head of any layers (scripted, eval mode), with a sigmoid appended or returning a logit."""
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    hidden = head[0].in_features
    served = nn.Sequential(*head, nn.Sigmoid()).eval() if sigmoid else head.eval()
    torch.jit.script(backbone).save(os.path.join(d, "backbone.pt"))
    torch.jit.script(served).save(os.path.join(d, "head.pt"))
    rows = probe_rows(gen)
    with torch.no_grad():
        h = backbone(rows)
        z = head(h).squeeze(1)
        p = served(h).squeeze(1)
    return {"features": FEATURES, "hidden": hidden, "rows": rows.tolist(), "h": h.tolist(),
            "probability": (p if sigmoid else torch.sigmoid(z)).tolist(), "logit": z.tolist()}


def save_float64(name, backbone, head_linear, gen):
    """The pair converted to float64 (no .float() before saving), both scripted."""
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    backbone = backbone.double().eval()
    head = nn.Sequential(head_linear, nn.Sigmoid()).double().eval()
    torch.jit.script(backbone).save(os.path.join(d, "backbone.pt"))
    torch.jit.script(head).save(os.path.join(d, "head.pt"))
    rows = probe_rows(gen)
    with torch.no_grad():
        h = backbone(rows.double())
        p = head(h).squeeze(1)
        z = head_linear(h).squeeze(1)
    return {"features": FEATURES, "hidden": head_linear.in_features, "rows": rows.tolist(), "h": h.tolist(),
            "probability": p.tolist(), "logit": z.tolist()}


def save_traced(name, backbone, head_linear, gen):
    """save() with the backbone traced rather than scripted: its constants are in its forward code."""
    expected = save(name, backbone, head_linear, gen)
    torch.jit.trace(backbone, torch.zeros(2, 10)).save(os.path.join(HERE, name, "backbone.pt"))
    return expected


class TwoLayers(nn.Module):
    """A backbone of a class of its own, its layers registered in the order forward calls them."""

    def __init__(self, fc1, act1, fc2, act2):
        super().__init__()
        self.fc1 = fc1
        self.act1 = act1
        self.fc2 = fc2
        self.act2 = act2

    def forward(self, x):
        return self.act2(self.fc2(self.act1(self.fc1(x))))


class SharedTanh(nn.Module):
    """One Tanh module called after both Linear layers, registered after them."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 16)
        self.fc2 = nn.Linear(16, 16)
        self.act = nn.Tanh()

    def forward(self, x):
        return self.act(self.fc2(self.act(self.fc1(x))))


def main():
    gen = torch.Generator().manual_seed(17)
    torch.manual_seed(17)
    expected = {}

    mlp = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU())
    mlp_head = nn.Linear(32, 1)
    fit(mlp, mlp_head, gen)
    expected["mlp32"] = save("mlp32", mlp, mlp_head, gen, logit_head=True)

    shallow = nn.Sequential(nn.Linear(10, 24), nn.ReLU())
    shallow_head = nn.Linear(24, 1)
    fit(shallow, shallow_head, gen)
    expected["shallow24"] = save("shallow24", shallow, shallow_head, gen)

    ln = nn.Sequential(nn.Linear(10, 48), nn.LayerNorm(48), nn.GELU(), nn.Linear(48, 48), nn.ReLU())
    ln_head = nn.Linear(48, 1)
    fit(ln, ln_head, gen)
    expected["layernorm48"] = save("layernorm48", ln, ln_head, gen)

    bad = os.path.join(HERE, "bad")
    os.makedirs(bad, exist_ok=True)
    with open(os.path.join(HERE, "mlp32", "backbone.pt"), "rb") as f:
        whole = f.read()
    with open(os.path.join(bad, "truncated.pt"), "wb") as f:
        f.write(whole[: int(len(whole) * 0.6)])
    torch.jit.trace(nn.Sequential(nn.Linear(16, 1), nn.Sigmoid()).eval(), torch.zeros(1, 16)).save(
        os.path.join(bad, "head16.pt"))

    relu6 = nn.Sequential(nn.Linear(10, 32), nn.ReLU6(), nn.Linear(32, 32), nn.ReLU())
    relu6_head = nn.Linear(32, 1)
    fit(relu6, relu6_head, gen)
    expected["relu6_32"] = save("relu6_32", relu6, relu6_head, gen)

    mlp_b = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU())
    mlp_h = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
    fit(mlp_b, mlp_h, gen)
    expected["mlphead32"] = save_mlp_head("mlphead32", mlp_b, mlp_h, gen, sigmoid=True)

    ln_b = nn.Sequential(nn.Linear(10, 48), nn.LayerNorm(48), nn.GELU(), nn.Linear(48, 48), nn.ReLU())
    ln_h = nn.Sequential(nn.Linear(48, 8), nn.ReLU(), nn.Linear(8, 1))
    fit(ln_b, ln_h, gen)
    expected["layernorm_mlphead48"] = save_mlp_head("layernorm_mlphead48", ln_b, ln_h, gen, sigmoid=False)

    for name, head in [("head_layernorm", nn.Sequential(nn.Linear(32, 16), nn.LayerNorm(16), nn.ReLU(),
                                                         nn.Linear(16, 1), nn.Sigmoid())),
                       ("head_gelu", nn.Sequential(nn.Linear(32, 16), nn.GELU(), nn.Linear(16, 1), nn.Sigmoid())),
                       ("head_two", nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 2)))]:
        torch.jit.script(head.eval()).save(os.path.join(bad, name + ".pt"))

    gelu_b = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU())
    gelu_h = nn.Sequential(nn.Linear(32, 16), nn.GELU(), nn.LayerNorm(16), nn.Linear(16, 1))
    fit(gelu_b, gelu_h, gen)
    expected["gelu_ln_head32"] = save_any_head("gelu_ln_head32", gelu_b, gelu_h, gen, sigmoid=True)

    bn_b = nn.Sequential(nn.Linear(10, 48), nn.LayerNorm(48), nn.GELU(), nn.Linear(48, 48), nn.ReLU())
    bn_h = nn.Sequential(nn.Linear(48, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 1))
    fit(bn_b, bn_h, gen)
    expected["batchnorm_head48"] = save_any_head("batchnorm_head48", bn_b, bn_h, gen, sigmoid=False)

    deep = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 24), nn.ReLU(), nn.Linear(24, 16), nn.ReLU())
    deep_head = nn.Linear(16, 1)
    fit(deep, deep_head, gen)
    expected["deep_chain16"] = save("deep_chain16", deep, deep_head, gen)

    deep_b = nn.Sequential(nn.Linear(10, 24), nn.ReLU(), nn.Linear(24, 24), nn.ReLU(), nn.Linear(24, 12), nn.ReLU())
    deep_h = nn.Sequential(nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 1))
    fit(deep_b, deep_h, gen)
    expected["deep_mlphead12"] = save_mlp_head("deep_mlphead12", deep_b, deep_h, gen, sigmoid=True)

    f64_b = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
    f64_h = nn.Linear(16, 1)
    fit(f64_b, f64_h, gen)
    expected["float64_16"] = save_float64("float64_16", f64_b, f64_h, gen)

    nobias = nn.Sequential(nn.Linear(10, 16, bias=False), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
    nobias_head = nn.Linear(16, 1)
    fit(nobias, nobias_head, gen)
    expected["nobias16"] = save("nobias16", nobias, nobias_head, gen)

    dropout = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 32), nn.ReLU()).train()
    torch.jit.trace(dropout, torch.randn(4, 10, generator=gen), check_trace=False).save(
        os.path.join(bad, "dropout_train.pt"))
    torch.jit.trace(nn.Sequential(nn.Linear(32, 2), nn.Softmax(dim=1)).eval(), torch.zeros(1, 32)).save(
        os.path.join(bad, "head_softmax2.pt"))

    # Chains of other activations, and BatchNorm: made after the fixtures above so those stay as they were.
    bare = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 16))
    bare_head = nn.Linear(16, 1)
    fit(bare, bare_head, gen)
    expected["bare_last16"] = save("bare_last16", bare, bare_head, gen)

    tanh_b = nn.Sequential(nn.Linear(10, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh())
    tanh_h = nn.Sequential(nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 1))
    fit(tanh_b, tanh_h, gen)
    expected["tanh_mlphead32"] = save_mlp_head("tanh_mlphead32", tanh_b, tanh_h, gen, sigmoid=True)

    leaky = nn.Sequential(nn.Linear(10, 24), nn.LeakyReLU(0.1), nn.Linear(24, 16), nn.LeakyReLU(0.1))
    leaky_head = nn.Linear(16, 1)
    fit(leaky, leaky_head, gen)
    expected["leaky24"] = save_traced("leaky24", leaky, leaky_head, gen)

    silu = nn.Sequential(nn.Linear(10, 32), nn.SiLU(), nn.Linear(32, 32), nn.GELU(approximate="tanh"),
                         nn.Linear(32, 16), nn.GELU())
    silu_head = nn.Linear(16, 1)
    fit(silu, silu_head, gen)
    expected["silu_gelu32"] = save("silu_gelu32", silu, silu_head, gen)

    elu = TwoLayers(nn.Linear(10, 16), nn.ELU(0.5), nn.Linear(16, 16), nn.Sigmoid())
    elu_head = nn.Linear(16, 1)
    fit(elu, elu_head, gen)
    expected["elu_sigmoid16"] = save("elu_sigmoid16", elu, elu_head, gen)

    bn = nn.Sequential(nn.Linear(10, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 32),
                       nn.BatchNorm1d(32), nn.ReLU())
    bn_head = nn.Linear(32, 1)
    fit(bn, bn_head, gen)
    expected["batchnorm32"] = save("batchnorm32", bn, bn_head, gen)

    bn_mixed = nn.Sequential(nn.BatchNorm1d(10), nn.Linear(10, 32), nn.BatchNorm1d(32), nn.ReLU(),
                             nn.Linear(32, 32), nn.ReLU(), nn.BatchNorm1d(32), nn.Linear(32, 16), nn.Tanh())
    bn_mixed_head = nn.Linear(16, 1)
    fit(bn_mixed, bn_mixed_head, gen)
    expected["batchnorm_mixed16"] = save_traced("batchnorm_mixed16", bn_mixed, bn_mixed_head, gen)

    shared = SharedTanh()
    shared_head = nn.Linear(16, 1)
    fit(shared, shared_head, gen)
    expected["shared_tanh16"] = save("shared_tanh16", shared, shared_head, gen)

    softplus = nn.Sequential(nn.Linear(10, 16), nn.Softplus(), nn.Linear(16, 16), nn.Softplus())
    softplus_head = nn.Linear(16, 1)
    fit(softplus, softplus_head, gen)
    expected["softplus16"] = save("softplus16", softplus, softplus_head, gen)

    leaky_default = nn.Sequential(nn.Linear(10, 16), nn.LeakyReLU(), nn.Linear(16, 16), nn.ELU())
    leaky_default_head = nn.Linear(16, 1)
    fit(leaky_default, leaky_default_head, gen)
    expected["leaky_default16"] = save_traced("leaky_default16", leaky_default, leaky_default_head, gen)

    # Activations copied since, a chain with one no kernel runs, and MLP heads whose hidden layers are
    # not ReLU: made after the fixtures above so those stay as they were.
    sp_ht = nn.Sequential(nn.Linear(10, 16), nn.Softplus(beta=2.0, threshold=5.0), nn.Linear(16, 16),
                          nn.Hardtanh(-0.5, 2.0), nn.Linear(16, 16), nn.ReLU6())
    sp_ht_head = nn.Linear(16, 1)
    fit(sp_ht, sp_ht_head, gen)
    expected["softplus_hardtanh16"] = save("softplus_hardtanh16", sp_ht, sp_ht_head, gen)

    sp_ht_t = nn.Sequential(nn.Linear(10, 16), nn.Softplus(beta=0.5, threshold=3.0), nn.Linear(16, 16),
                            nn.Hardtanh(-1.5, 0.75), nn.Linear(16, 16), nn.Softplus())
    sp_ht_t_head = nn.Linear(16, 1)
    fit(sp_ht_t, sp_ht_t_head, gen)
    expected["softplus_hardtanh_traced16"] = save_traced("softplus_hardtanh_traced16", sp_ht_t, sp_ht_t_head, gen)

    mish = nn.Sequential(nn.Linear(10, 16), nn.Mish(), nn.Linear(16, 16), nn.PReLU(init=0.2), nn.Linear(16, 16),
                         nn.PReLU(16))
    with torch.no_grad():
        mish[5].weight.copy_(torch.linspace(-0.3, 0.6, 16))
    mish_head = nn.Linear(16, 1)
    fit(mish, mish_head, gen)
    expected["mish_prelu16"] = save("mish_prelu16", mish, mish_head, gen)

    hardswish = nn.Sequential(nn.Linear(10, 16), nn.Hardswish(), nn.Linear(16, 16), nn.Hardswish())
    hardswish_head = nn.Linear(16, 1)
    fit(hardswish, hardswish_head, gen)
    expected["hardswish16"] = save("hardswish16", hardswish, hardswish_head, gen)

    gelu_head_b = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU())
    gelu_head_h = nn.Sequential(nn.Linear(32, 16), nn.GELU(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 1))
    fit(gelu_head_b, gelu_head_h, gen)
    expected["gelu_tanh_head32"] = save_mlp_head("gelu_tanh_head32", gelu_head_b, gelu_head_h, gen, sigmoid=True)

    ln_silu_b = nn.Sequential(nn.Linear(10, 48), nn.LayerNorm(48), nn.GELU(), nn.Linear(48, 48), nn.ReLU())
    ln_silu_h = nn.Sequential(nn.Linear(48, 8), nn.SiLU(), nn.Linear(8, 1))
    fit(ln_silu_b, ln_silu_h, gen)
    expected["layernorm_silu_head48"] = save_mlp_head("layernorm_silu_head48", ln_silu_b, ln_silu_h, gen,
                                                      sigmoid=False)

    ln_logit_b = nn.Sequential(nn.Linear(10, 48), nn.LayerNorm(48), nn.GELU(), nn.Linear(48, 48), nn.ReLU())
    ln_logit_h = nn.Sequential(nn.Linear(48, 16), nn.LayerNorm(16), nn.ReLU(), nn.Linear(16, 1))
    fit(ln_logit_b, ln_logit_h, gen)
    expected["layernorm_logit_head48"] = save_any_head("layernorm_logit_head48", ln_logit_b, ln_logit_h, gen,
                                                       sigmoid=False)

    ln_traced = nn.Sequential(nn.Linear(10, 16), nn.LayerNorm(16, eps=1e-3), nn.GELU(), nn.Linear(16, 16),
                              nn.LayerNorm(16, elementwise_affine=False), nn.ReLU())
    ln_traced_head = nn.Linear(16, 1)
    fit(ln_traced, ln_traced_head, gen)
    expected["layernorm_traced16"] = save_traced("layernorm_traced16", ln_traced, ln_traced_head, gen)

    ln_input = nn.Sequential(nn.LayerNorm(10), nn.Linear(10, 16), nn.Tanh(), nn.Linear(16, 16), nn.ReLU(),
                             nn.LayerNorm(16))
    ln_input_head = nn.Linear(16, 1)
    fit(ln_input, ln_input_head, gen)
    expected["input_layernorm16"] = save("input_layernorm16", ln_input, ln_input_head, gen)

    hs_logit_b = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU())
    hs_logit_h = nn.Sequential(nn.Linear(32, 16), nn.Hardswish(), nn.Linear(16, 1))
    fit(hs_logit_b, hs_logit_h, gen)
    expected["hardswish_logit_head32"] = save_any_head("hardswish_logit_head32", hs_logit_b, hs_logit_h, gen,
                                                       sigmoid=False)

    for name, head in [("hardswish_mlphead48", nn.Sequential(nn.Linear(48, 8), nn.ReLU(), nn.Linear(8, 1))),
                       ("hardswish_silu_head48", nn.Sequential(nn.Linear(48, 8), nn.SiLU(), nn.Linear(8, 1))),
                       ("hardswish_bn_head48", nn.Sequential(nn.Linear(48, 16), nn.BatchNorm1d(16), nn.ReLU(),
                                                             nn.Linear(16, 1)))]:
        backbone = nn.Sequential(nn.Linear(10, 48), nn.Hardswish(), nn.Linear(48, 48), nn.ReLU())
        fit(backbone, head, gen)
        expected[name] = save_mlp_head(name, backbone, head, gen, sigmoid=False)

    hs_b = nn.Sequential(nn.Linear(10, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU())
    hs_h = nn.Sequential(nn.Linear(32, 16), nn.Hardswish(), nn.Linear(16, 1))
    fit(hs_b, hs_h, gen)
    expected["hardswish_head32"] = save_any_head("hardswish_head32", hs_b, hs_h, gen, sigmoid=True)

    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump({"torch": torch.__version__, "models": expected}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
