"""Unsubscribe from any list: GET shows one button, POST unsubscribes.

Mail scanners fetch every link in a mail with GET, so a GET changes nothing;
a mail app's RFC 8058 one-click POST (``List-Unsubscribe=One-Click``) needs no
page and no CSRF token, and unsubscribes at once.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from . import lists


@method_decorator(csrf_exempt, name="dispatch")  # mail apps POST here (RFC 8058)
class UnsubscribeView(View):
    template_name = "mail/unsubscribe.html"

    def dispatch(self, request, token):
        found = lists.read_unsubscribe_token(token)
        if found is None:  # a page that helps, with the status a wrong link deserves
            return render(request, self.template_name, {"invalid": True}, status=404)
        self.list, self.email = found
        return super().dispatch(request, token)

    def _page(self, request, **flags):
        return render(request, self.template_name,
                      {"list": self.list, "email": self.email, **flags})

    def get(self, request, token):
        return self._page(request)

    def post(self, request, token):
        if request.POST.get("List-Unsubscribe") == "One-Click":
            self.list.opt_out(self.email)
            return HttpResponse("Unsubscribed.", content_type="text/plain")
        if request.POST.get("action") == "undo":
            self.list.opt_in(self.email)
            return self._page(request, undone=True)
        self.list.opt_out(self.email)
        return self._page(request, done=True)
