"""Rebuild a model healed by selfheal in PyTorch.

    import torch, selfheal_model
    model = selfheal_model.load("adapter.safetensors", "backbone.pt", "head.pt")
    p = model(torch.tensor(rows, dtype=torch.float32))  # fraud probability per row

`adapter.safetensors` comes from `selfheal export`; `backbone.pt` and `head.pt` are the TorchScript
files the model was imported from (their SHA-256 is checked against the ones recorded at import).
Without them (a model selfheal trained itself) the frozen Linear/ReLU backbone and Linear head are
rebuilt from the weights stored in the file; a backbone of another architecture needs its file. A
head that is an MLP (format selfheal-adapter/3) is run from the weights in the file: its hidden
layers (Linear, ReLU) before the adapter, its last Linear after it; head.pt is then only checked
against the recorded SHA-256. A model whose adapter sits at the logit (format selfheal-adapter/4: the
head is no Linear/ReLU chain) needs both files and runs them whole: h is the logit of head(backbone(u))
(log(p/(1-p)), p clamped to [1e-7, 1-1e-7], for a head that returns a probability), the head after the
adapter is the file's Linear(1, 1) of weight 1 and bias 0. A copied chain with other activations than
ReLU (format selfheal-adapter/5) names the one after each frozen layer in its metadata (`activations`:
backbone.0, backbone.2, then each head_hidden layer), and is rebuilt with them; format
selfheal-adapter/6 is the same naming an activation added since (softplus(beta,threshold), relu6,
hardtanh(min_val,max_val), mish, prelu(slope) or prelu with one slope per unit), or naming those of
an MLP head's hidden layers after a TorchScript backbone (then `activations` lists head_hidden
alone); format selfheal-adapter/7 is format 6 where a layer's outputs go through a LayerNorm over
its units before its activation, named first: layer_norm(eps,weights...,biases...)+gelu; format
selfheal-adapter/8 is any of these whose input path has hidden units (input_path.units.weight [16, d],
.bias, .out; `layout_format` names the format it would have had without them). The forward pass is
selfheal's:

    x' = input_scale * x + input_shift              (input recalibration)
    u  = (x' - mean) / std                           (mean 0, std 1 unless imported with --standardize fit)
    h  = backbone(u)
    h  = head_hidden(h)                              (an MLP head's hidden layers; none for a Linear head)
         or logit(head(h))                           (the adapter at the logit: the whole model, then the adapter)
    h  = h + s * (A2 tanh(A1 h + a1) + a2)           (the healed adapter)
    p  = head(h), or sigmoid(head(h)) for a logit head (for an MLP head: sigmoid of its last Linear)
    z  = out_scale * logit(p) + out_shift            (output recalibration)
         + sum_j linear_j * c_j + square_j * (c_j^2 - 1),  c = clamp(u, -6, 6)   (input path)
         + sum_k out_k * relu(bias_k + weight_k . c)                             (its hidden units)
    p  = sigmoid(z)                                  (p unchanged when both are the identity)

Columns are taken in the order of `model.features`. Needs only torch (no safetensors package).
"""
import hashlib
import json
import re
import struct
import warnings

import torch
from torch import nn


def read_safetensors(path):
    """The float32 tensors and the metadata of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, t in header.items():
        if t["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {t['dtype']}, expected F32")
        start, end = t["data_offsets"]
        values = struct.unpack(f"<{(end - start) // 4}f", data[8 + n + start:8 + n + end])
        tensors[name] = torch.tensor(values, dtype=torch.float32).reshape(t["shape"])
    return tensors, meta


class _Linear(nn.Module):
    def __init__(self, weight, bias):
        super().__init__()
        self.weight = nn.Parameter(weight, requires_grad=False)
        self.bias = nn.Parameter(bias, requires_grad=False)

    def forward(self, x):
        return nn.functional.linear(x, self.weight, self.bias)


def _prelu(*slopes):
    """PReLU with the exported slopes: one shared, or one per unit."""
    module = nn.PReLU(num_parameters=len(slopes))
    with torch.no_grad():
        module.weight.copy_(torch.tensor(slopes, dtype=torch.float32))
    module.weight.requires_grad_(False)
    return module


def _layer_norm(eps, *values):
    """LayerNorm over the last dimension with the exported eps, then the weights, then the biases."""
    n = len(values) // 2
    module = nn.LayerNorm(n, eps=eps)
    with torch.no_grad():
        module.weight.copy_(torch.tensor(values[:n], dtype=torch.float32))
        module.bias.copy_(torch.tensor(values[n:], dtype=torch.float32))
    module.requires_grad_(False)
    return module


def _activation(name):
    """The torch.nn module for an activation as the export names it: relu, tanh, leaky_relu(0.1), ...,
    layer_norm(...)+gelu for a LayerNorm and then the activation."""
    if "+" in name:
        norm, function = name.split("+")
        return nn.Sequential(_activation(norm), _activation(function))
    if "(" in name:
        kind, params = name[:-1].split("(")
        values = [float(p) for p in params.split(",")]
        return {"leaky_relu": nn.LeakyReLU, "elu": nn.ELU, "softplus": nn.Softplus, "hardtanh": nn.Hardtanh,
                "prelu": _prelu, "layer_norm": _layer_norm}[kind](*values)
    return {"relu": nn.ReLU, "identity": nn.Identity, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "silu": nn.SiLU,
            "gelu": nn.GELU, "gelu_tanh": lambda: nn.GELU(approximate="tanh"), "relu6": nn.ReLU6,
            "mish": nn.Mish}[name]()


def _activation_names(text):
    """The exported activation names, split at the commas between them (a name's own constants are in parentheses)."""
    return re.findall(r"[a-z0-9_]+(?:\([^)]*\))?(?:\+[a-z0-9_]+(?:\([^)]*\))?)?", text)


class HealedModel(nn.Module):
    """Calibration, backbone, selfheal's adapter, head and output calibration as one module."""

    def __init__(self, tensors, meta, backbone=None, head=None):
        super().__init__()
        self.features = meta["features"].split(",")
        self.version = int(meta["version"])
        self.threshold = float(meta["threshold"])
        self.head_output = meta.get("head_output", "probability")
        # The adapter at the logit: the user's whole model is frozen, its output as a logit is h.
        self.at_logit = meta.get("insertion") == "logit"
        self.user_head = None
        self.user_output = self.head_output
        if self.at_logit:
            if backbone is None or head is None:
                raise ValueError("this model's adapter sits at the logit of your model: give its backbone.pt and head.pt")
            self.user_head = head
            head = None
        from_pt = backbone is not None
        # One activation per frozen layer: ReLU after each unless the file names them.
        names = _activation_names(meta["activations"]) if meta.get("activations") else []
        act = lambda i: _activation(names[i]) if names else nn.ReLU()
        # The names start with backbone.0 and backbone.2 when the file holds them, else with head_hidden.0.
        first_hidden = 2 if "frozen.backbone.0.weight" in tensors else 0
        if backbone is None:
            if "frozen.backbone.0.weight" not in tensors:
                raise ValueError("this model's backbone is a TorchScript module: give its backbone.pt and head.pt")
            backbone = nn.Sequential(_Linear(tensors["frozen.backbone.0.weight"], tensors["frozen.backbone.0.bias"]),
                                     act(0),
                                     _Linear(tensors["frozen.backbone.2.weight"], tensors["frozen.backbone.2.bias"]),
                                     act(1))
        layers = []
        while f"frozen.head_hidden.{len(layers) // 2}.weight" in tensors:
            i = len(layers) // 2
            layers += [_Linear(tensors[f"frozen.head_hidden.{i}.weight"], tensors[f"frozen.head_hidden.{i}.bias"]),
                       act(first_hidden + i)]
        if from_pt:
            # A deep chain's own layers lead head_hidden; its backbone.pt runs them already.
            layers = layers[2 * int(meta.get("backbone_layers_in_head_hidden", "0")):]
        # An MLP head is split where the adapter sits: its hidden layers before it, its last Linear after.
        if head is None or layers:
            head = _Linear(tensors["frozen.head.weight"], tensors["frozen.head.bias"])
            self.head_output = "logit"
        self.backbone = backbone
        self.head_hidden = nn.Sequential(*layers)
        self.head = head
        self.adapter = nn.Sequential(_Linear(tensors["adapter.0.weight"], tensors["adapter.0.bias"]), nn.Tanh(),
                                     _Linear(tensors["adapter.2.weight"], tensors["adapter.2.bias"]))
        self.register_buffer("scale", tensors["adapter.scale"])
        self.register_buffer("input_scale", tensors["calibration.input_scale"])
        self.register_buffer("input_shift", tensors["calibration.input_shift"])
        self.register_buffer("output", tensors["calibration.output"])
        self.register_buffer("mean", tensors["standardizer.mean"])
        self.register_buffer("std", tensors["standardizer.std"])
        d = len(self.features)
        self.register_buffer("path_linear", tensors.get("input_path.linear", torch.zeros(d)))
        self.register_buffer("path_square", tensors.get("input_path.square", torch.zeros(d)))
        # A model imported with raw inputs has its own scale for the path; otherwise the backbone's.
        self.register_buffer("path_mean", tensors.get("input_path.mean", tensors["standardizer.mean"]))
        self.register_buffer("path_std", tensors.get("input_path.std", tensors["standardizer.std"]))
        self.path_clamp = float(meta.get("input_path_clamp", "6"))
        self.link_in = tensors.get("input_path.link_in")
        self.link_out = tensors.get("input_path.link_out")
        self.units_weight = tensors.get("input_path.units.weight")
        self.units_bias = tensors.get("input_path.units.bias")
        self.units_out = tensors.get("input_path.units.out")

    def _logit(self, h):
        y = self.user_head(h).reshape(-1, 1)
        if self.user_output == "probability":
            q = y.double().clamp(1e-7, 1 - 1e-7)
            y = torch.log(q / (1 - q)).float()
        return y

    def forward(self, x):
        x = self.input_scale * x + self.input_shift
        u = (x - self.mean) / self.std
        h = self.backbone(u)
        h = self._logit(h) if self.at_logit else self.head_hidden(h)
        h = h + self.scale * self.adapter(h)
        y = self.head(h).reshape(-1)
        p = torch.sigmoid(y) if self.head_output == "logit" else y
        a, b = float(self.output[0]), float(self.output[1])
        with_link = self.link_in is not None
        with_units = self.units_weight is not None
        with_path = bool((self.path_linear != 0).any() or (self.path_square != 0).any()) or with_link or with_units
        if a != 1.0 or b != 0.0 or with_path:
            q = p.double().clamp(1e-7, 1 - 1e-7)
            z = a * torch.log(q / (1 - q)) + b
            if with_path:
                c = ((x - self.path_mean) / self.path_std).double().clamp(-self.path_clamp, self.path_clamp)
                z = z + (self.path_linear.double() * c + self.path_square.double() * (c * c - 1)).sum(1)
                if with_units:
                    a_k = torch.relu(c @ self.units_weight.double().t() + self.units_bias.double())
                    z = z + a_k @ self.units_out.double()
            if with_link:
                z = _link(z, self.link_in.double(), self.link_out.double())
            p = torch.sigmoid(z).float()
        return p


def _link(z, knots_in, knots_out):
    # Monotone, linear between knots, flat beyond the first and the last one.
    hi = torch.searchsorted(knots_in, z.contiguous(), right=True).clamp(1, len(knots_in) - 1)
    x0, x1 = knots_in[hi - 1], knots_in[hi]
    y0, y1 = knots_out[hi - 1], knots_out[hi]
    span = x1 - x0
    t = torch.where(span > 0, (z - x0) / torch.where(span > 0, span, torch.ones_like(span)), torch.ones_like(z))
    out = y0 + t * (y1 - y0)
    out = torch.where(z <= knots_in[0], knots_out[0].expand_as(z), out)
    return torch.where(z >= knots_in[-1], knots_out[-1].expand_as(z), out)


class _Float64(nn.Module):
    """A module saved in float64 (without .float()): fed float64, read back as float32, as selfheal serves it."""

    def __init__(self, module):
        super().__init__()
        self.module = module

    def forward(self, x):
        return self.module(x.double()).float()


def _load_module(path, recorded, what):
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if recorded and digest != recorded:
        warnings.warn(f"{path}: SHA-256 {digest[:12]}... differs from the {what} imported ({recorded[:12]}...)")
    module = torch.jit.load(path, map_location="cpu").eval()
    # selfheal feeds a module rows of its first floating parameter's type.
    first = next((p for p in module.parameters() if p.is_floating_point()), None)
    return _Float64(module) if first is not None and first.dtype == torch.float64 else module


def load(safetensors_path, backbone_pt=None, head_pt=None):
    """The healed model: the adapter file plus, for an imported model, its two TorchScript files."""
    tensors, meta = read_safetensors(safetensors_path)
    if meta.get("format") not in ("selfheal-adapter/1", "selfheal-adapter/2", "selfheal-adapter/3",
                                "selfheal-adapter/4", "selfheal-adapter/5", "selfheal-adapter/6",
                                "selfheal-adapter/7", "selfheal-adapter/8"):
        raise ValueError(f"{safetensors_path} is not a selfheal adapter export")
    backbone = None if backbone_pt is None else _load_module(backbone_pt, meta.get("backbone_sha256"), "backbone")
    head = None if head_pt is None else _load_module(head_pt, meta.get("head_sha256"), "head")
    if (backbone is None) != (head is None):
        raise ValueError("give both backbone_pt and head_pt, or neither")
    return HealedModel(tensors, meta, backbone, head).eval()
