"""The committed sample portal is what its generator (tools/demoportal/build.py) builds."""

from tools.demoportal.build import site_files
from xxgk import demo


def test_committed_portal_is_up_to_date():
    built = site_files()
    committed = {
        "/" + p.relative_to(demo.PORTAL).as_posix(): p.read_bytes()
        for p in demo.PORTAL.rglob("*")
        if p.is_file()
    }
    assert sorted(committed) == sorted(built), "run: python -m tools.demoportal.build"
    stale = [path for path, data in built.items() if committed[path] != data]
    assert not stale, f"run: python -m tools.demoportal.build ({len(stale)} stale: {stale[:5]})"
