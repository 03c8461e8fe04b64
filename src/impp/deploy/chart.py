"""Asset use over time: one panel per lift type, assets held per day against the count."""

from __future__ import annotations

from pathlib import Path

from impp.deploy.schedule import Deployment


def asset_use(dep: Deployment) -> dict[str, list[int]]:
    """Assets of each lift type held on each day, from day 0 to the last arrival.

    >>> from impp.io import load_plan
    >>> from impp.scenarios import carana_path
    >>> from impp.deploy.schedule import plan_deployment
    >>> use = asset_use(plan_deployment(load_plan(carana_path()), time_limit=2))
    >>> max(use["sealift"])
    1
    """
    last = max([m.start_day + m.hold_days for m in dep.movements] + [1])
    use = {a.id: [0] * last for a in dep.problem.assets}
    for m in dep.movements:
        for d in range(m.start_day, m.start_day + m.hold_days):
            use[m.lift][d] += m.assets
    return use


def _short_name(name: str, fallback: str) -> str:
    """A milestone's short name: the part in brackets ("IOC"), else its id."""
    if "(" in name and name.endswith(")"):
        return name[name.rindex("(") + 1:-1]
    return fallback.upper() if len(fallback) <= 4 else fallback


def draw_asset_use(dep: Deployment, out: Path) -> list[Path]:
    """Write the chart as ``asset-use.png`` and ``asset-use.svg`` under ``out``."""
    import matplotlib.pyplot as plt

    from impp.figures import save_figure

    use = asset_use(dep)
    caps = dict(zip([a.id for a in dep.problem.assets], dep.problem.instance.capacities,
                    strict=True))
    names = {a.id: a.name for a in dep.problem.assets}
    fig, axes = plt.subplots(len(use), 1, figsize=(11, 1.6 * len(use) + 1.2), sharex=True,
                             squeeze=False)
    for ax, (asset, days) in zip(axes[:, 0], use.items(), strict=True):
        ax.step(range(len(days)), days, where="post", color="tab:blue")
        ax.fill_between(range(len(days)), days, step="post", alpha=0.3, color="tab:blue")
        ax.axhline(caps[asset], color="tab:red", linestyle="--", linewidth=1)
        ax.set_ylabel(names[asset], rotation=0, ha="right", va="center", fontsize=8)
        ax.set_ylim(0, max(caps[asset], 1) * 1.2)
    top = axes[0, 0]
    for k, m in enumerate(dep.milestones):
        short = _short_name(m.name, m.id)
        for ax in axes[:, 0]:
            if m.day is not None:
                ax.axvline(m.day, color="black", linewidth=0.8)
            if m.max_days is not None:
                ax.axvline(m.max_days, color="grey", linestyle=":", linewidth=0.8)
        # the milestones named above the top panel, each on its own line
        if m.day is not None:
            top.annotate(f"{short} day {m.day}", (m.day, 1), xycoords=("data", "axes fraction"),
                         xytext=(2, 3 + 11 * 2 * k), textcoords="offset points", fontsize=7,
                         ha="left", va="bottom")
        if m.max_days is not None:
            top.annotate(f"{short} deadline {m.max_days}", (m.max_days, 1),
                         xycoords=("data", "axes fraction"), xytext=(2, 3 + 11 * (2 * k + 1)),
                         textcoords="offset points", fontsize=7, ha="left", va="bottom",
                         color="grey")
    # why each asset sits idle, in words, at the right of its panel
    for ax, days in zip(axes[:, 0], use.values(), strict=True):
        busy = [d for d, n in enumerate(days) if n]
        if not busy:
            why = "not used: other lift\ncarries every load"
        else:
            first, last = busy[0], busy[-1]
            why = (f"in use {len(busy)} of {len(days)} days\n"
                   + (f"idle to day {first}: no load\nready for its routes\n" if first else "")
                   + (f"idle after day {last + 1}:\nits loads delivered" if last + 1 < len(days)
                      else ""))
        ax.text(1.01, 0.5, why.rstrip(), transform=ax.transAxes, fontsize=7, va="center",
                ha="left")
    top.set_title("Lift assets in use per day (dashed red: assets available; solid: "
                  "milestones reached; dotted: deadlines)", fontsize=9,
                  pad=14 + 11 * 2 * len(dep.milestones))
    axes[-1, 0].set_xlabel(f"days after {dep.problem.reference_event} "
                           f"(day 0 = {dep.problem.day0.isoformat()})")
    fig.tight_layout()
    return save_figure(fig, out / "asset-use")
