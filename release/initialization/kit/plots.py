"""Plotting helpers: decision boundaries and learning curves.

The helpers draw on an Axes and return it; showing the figure is left to the caller. Their labels speak
the learner's language where a font on the machine can draw it, and English where none can (a
figure of empty boxes says less than an English word).
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

from .i18n import N_, _

# Fonts that draw Chinese, as Linux, macOS and Windows name them.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "PingFang SC", "Heiti SC", "Microsoft YaHei", "SimHei")


def cjk_font():
    """The first installed font that draws Chinese, or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def label(text, message, **values):
    """Set ``text`` (a label or title) to ``message`` in the learner's language if a font draws it, else English."""
    said = _(message, **values)
    if said.isascii():
        text.set_text(said)
    elif font := cjk_font():
        text.set_text(said)
        text.set_fontfamily([font, *plt.rcParams["font.sans-serif"]])
    else:
        text.set_text(message.format(**values) if values else message)


def plot_decision_boundary(model, X, y, ax=None, title=None):
    """Shade the plane by the model's prediction and scatter the data on top.

    Arguments:
    model -- callable taking points of shape (k, 2) and returning k predictions (any shape of size k)
    X -- data points, shape (2, m)
    y -- labels (0/1), shape (1, m) or (m,)
    ax -- matplotlib Axes to draw on; default the current Axes
    title -- optional Axes title

    Returns:
    ax -- the Axes drawn on
    """
    if ax is None:
        ax = plt.gca()
    step = 0.01
    x_min, x_max = X[0, :].min() - 1, X[0, :].max() + 1
    y_min, y_max = X[1, :].min() - 1, X[1, :].max() + 1
    xx, yy = np.meshgrid(np.arange(x_min, x_max, step), np.arange(y_min, y_max, step))

    # contourf needs numbers; models often return booleans.
    Z = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, cmap=plt.cm.Spectral)
    ax.scatter(X[0, :], X[1, :], c=np.ravel(y), cmap=plt.cm.Spectral)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title is not None:
        ax.set_title(title)
    return ax


def plot_costs(costs, learning_rate, title=None, ax=None):
    """Learning curve.

    Arguments:
    costs -- sequence of costs, one recorded every 1000 iterations, length k
    learning_rate -- learning rate used, shown in the default title
    title -- Axes title; default "Learning rate = <learning_rate>"
    ax -- matplotlib Axes to draw on; default the current Axes

    Returns:
    ax -- the Axes drawn on
    """
    if ax is None:
        ax = plt.gca()
    ax.plot(np.squeeze(costs))
    label(ax.xaxis.label, N_("iterations (per thousands)"))
    label(ax.yaxis.label, N_("cost"))
    if title is None:
        label(ax.title, N_("Learning rate = {rate}"), rate=learning_rate)
    else:
        ax.set_title(title)
    return ax
