from django.http import Http404


def coproductions(request):
    raise Http404("the co-productions page is being built")
