"""HTTP routes next to the chat: report downloads, the team dashboard and exports.

Each route takes the signed-in user from Chainlit's session cookie and checks it with the same
rules as the CLI (`simulator.team`): a trainee gets their own reports, a manager their team's,
an admin everyone's. An id the user may not see answers 404, exactly like an unknown id.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI, HTTPException
from fastapi.responses import HTMLResponse, Response

from scoring.service import write_report
from simulator.runtime import Runtime
from simulator.team import AccessDenied, require_manager, require_session

PREFIX = "/spar"
IRI = "https://spar.local"  # xAPI activity and account base, as `spar export` uses by default


def install(app: FastAPI, rt: Runtime) -> None:
    """Add the routes ahead of Chainlit's catch-all page route (which would shadow them)."""
    from chainlit.auth import get_current_user

    router = APIRouter(prefix=PREFIX)

    def viewer(user=Depends(get_current_user)):  # noqa: B008 - FastAPI's dependency style
        found = rt.store.user_named(user.identifier) if user is not None else None
        if found is None:
            raise HTTPException(status_code=401, detail="sign in first")
        return found

    def manager(user=Depends(viewer)):  # noqa: B008
        try:
            require_manager(user)
        except AccessDenied as exc:
            raise HTTPException(status_code=403, detail=str(exc)) from exc
        return user

    @router.get("/reports/{session_id}.html", response_class=HTMLResponse)
    def report_html(session_id: str, user=Depends(viewer)):  # noqa: B008
        try:
            require_session(rt.store, user, session_id)
        except AccessDenied as exc:
            raise HTTPException(status_code=404, detail="no such report") from exc
        if rt.store.get_report(session_id) is None:
            raise HTTPException(status_code=404, detail="this session has no report yet")
        html_path, _ = write_report(rt.store, rt.library, session_id, rt.settings.reports_dir)
        return HTMLResponse(
            html_path.read_text(encoding="utf-8"), headers=_download(html_path.name)
        )

    @router.get("/dashboard.html", response_class=HTMLResponse)
    def dashboard_html(lang: str = "en", user=Depends(manager)):  # noqa: B008
        from scoring.dashboard import build_dashboard
        from scoring.dashboard import dashboard_html as render

        lang = "zh" if lang == "zh" else "en"
        board = build_dashboard(rt.store, user, rt.library, lang)
        return HTMLResponse(render(board, lang, f"Team dashboard · {user.name}"))

    @router.get("/export.{fmt}")
    def export(fmt: str, user=Depends(manager)):  # noqa: B008
        import json

        from simulator.export import export_csv, export_json, report_versions, xapi_statements
        from simulator.progress import session_rows

        rows = session_rows(rt.store, user)
        if fmt == "csv":
            body, kind = export_csv(rows), "text/csv; charset=utf-8"
        elif fmt == "json":
            data = export_json(rt.store, rows, transcripts=False)
            body, kind = json.dumps(data, ensure_ascii=False, indent=1), "application/json"
        elif fmt == "xapi.json":
            versions = report_versions(rt.store, [r.session_id for r in rows])
            data = xapi_statements(rows, IRI, IRI, rt.library, versions)
            body, kind = json.dumps(data, ensure_ascii=False, indent=1), "application/json"
        else:
            raise HTTPException(status_code=404, detail="formats: csv, json, xapi.json")
        return Response(body, media_type=kind, headers=_download(f"spar-export.{fmt}"))

    # Whatever include_router appends (routes, or one wrapper in newer FastAPI) goes first.
    before = len(app.router.routes)
    app.router.include_router(router)
    added = app.router.routes[before:]
    del app.router.routes[before:]
    app.router.routes[0:0] = added


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}
