"""The project's URLs plus a hello-world view: what a request costs before any page work
(the same middleware, session and login), so a page's time reads as "× hello"."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from kamitaiou.config.urls import urlpatterns as project


@login_required
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello, world")


urlpatterns = [path("bench/hello/", hello), *project]
