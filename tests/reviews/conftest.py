import pytest

from tests.factories import make_product


@pytest.fixture
def product():
    return make_product("Lantern")


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("ada", "ada@example.com", "pw-123456",
                                                 first_name="Ada", last_name="Shopper")
