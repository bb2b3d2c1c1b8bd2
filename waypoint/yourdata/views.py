"""Own your data: download everything, or delete the account and every record about the person."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from waypoint.accounts.gate import signed_in
from waypoint.yourdata.exports import export_csv_rows, export_filename, export_json_chunks
from waypoint.yourdata.forms import DeleteForm
from waypoint.yourdata.services import account_delete

_GOODBYE = "waypoint_goodbye"


def _download(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"


@login_required
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    user = signed_in(request)
    response = StreamingHttpResponse(
        export_json_chunks(user), content_type="application/json; charset=utf-8"
    )
    _download(response, export_filename(user, "json"))
    return response


@login_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    user = signed_in(request)
    response = StreamingHttpResponse(export_csv_rows(user), content_type="text/csv; charset=utf-8")
    _download(response, export_filename(user, "csv"))
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = DeleteForm(request.POST or None, username=user.username)
    if request.method == "POST" and form.is_valid():
        account_delete(user=user)
        logout(request)
        request.session[_GOODBYE] = True
        return redirect("data:goodbye")
    status = 400 if form.errors else 200
    return render(request, "yourdata/delete.html", {"form": form}, status=status)


def goodbye(request: HttpRequest) -> HttpResponse:
    if not request.session.pop(_GOODBYE, False):
        return redirect("core:home")
    return render(request, "yourdata/goodbye.html")
