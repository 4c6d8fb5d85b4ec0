from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from conduit.models import User


def profile_detail(request, username):
    profile = get_object_or_404(User.objects.prefetch_related("followers"), username=username)
    following = request.user.is_authenticated and profile.followers.filter(pk=request.user.pk).exists()
    return JsonResponse({"profile": {"username": profile.username, "bio": profile.bio, "image": profile.image, "following": following}})
