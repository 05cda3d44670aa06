"""The API's own documentation, behind the login like everything else, and served offline.

FastAPI's default ``/docs`` loads Swagger UI from a CDN and answers anyone; here the page and the
schema need a login (a browser session or a Bearer token), and Swagger UI comes from the package
(``static/vendor/swagger-ui``).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from cxloop.api.deps import CurrentUser, SessionDep, SettingsDep
from cxloop.web.auth import find_principal

router = APIRouter(include_in_schema=False)


@router.get("/openapi.json")
def openapi_schema(request: Request, _principal: CurrentUser) -> JSONResponse:
    app: FastAPI = request.app
    return JSONResponse(app.openapi())


@router.get("/docs")
def swagger_ui(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    if find_principal(request, session, settings) is None:
        return RedirectResponse("/login?next=/docs", status_code=303)
    page: HTMLResponse = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="cxloop API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
    )
    return page
