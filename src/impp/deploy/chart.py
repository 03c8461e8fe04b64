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


def draw_asset_use(dep: Deployment, out: Path) -> list[Path]:
    """Write the chart as ``asset-use.png`` and ``asset-use.svg`` under ``out``."""
    import matplotlib.pyplot as plt

    from impp.figures import save_figure

    use = asset_use(dep)
    caps = dict(zip([a.id for a in dep.problem.assets], dep.problem.instance.capacities,
                    strict=True))
    names = {a.id: a.name for a in dep.problem.assets}
    fig, axes = plt.subplots(len(use), 1, figsize=(9, 1.6 * len(use) + 0.8), sharex=True,
                             squeeze=False)
    for ax, (asset, days) in zip(axes[:, 0], use.items(), strict=True):
        ax.step(range(len(days)), days, where="post", color="tab:blue")
        ax.fill_between(range(len(days)), days, step="post", alpha=0.3, color="tab:blue")
        ax.axhline(caps[asset], color="tab:red", linestyle="--", linewidth=1)
        ax.set_ylabel(names[asset], rotation=0, ha="right", va="center", fontsize=8)
        ax.set_ylim(0, max(caps[asset], 1) * 1.2)
    for m in dep.milestones:
        for ax in axes[:, 0]:
            if m.day is not None:
                ax.axvline(m.day, color="black", linewidth=0.8)
            if m.max_days is not None:
                ax.axvline(m.max_days, color="grey", linestyle=":", linewidth=0.8)
    axes[0, 0].set_title("Lift assets in use per day (dashed: assets available; solid: "
                         "milestones; dotted: deadlines)", fontsize=9)
    axes[-1, 0].set_xlabel(f"days after {dep.problem.reference_event} "
                           f"(day 0 = {dep.problem.day0.isoformat()})")
    fig.tight_layout()
    return save_figure(fig, out / "asset-use")
