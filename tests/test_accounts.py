"""Accounts: hashing, authentication, roles, first-run bootstrap, the auth secret."""

import stat

import pytest

from simulator.accounts import (
    AccountError,
    add_user,
    auth_secret,
    authenticate,
    bootstrap,
    set_password,
)


def test_passwords_are_stored_as_argon2_hashes(store):
    user, password = add_user(store, "ann", "trainee", "correct horse battery")
    assert user.password_hash.startswith("$argon2")
    assert "correct horse battery" not in user.password_hash


def test_right_password_signs_in_and_wrong_or_unknown_does_not(store):
    add_user(store, "ann", "trainee", "correct horse battery")
    assert authenticate(store, "ann", "correct horse battery").name == "ann"
    assert authenticate(store, "ann", "wrong password!!") is None
    assert authenticate(store, "nobody", "correct horse battery") is None


def test_bad_names_roles_and_short_passwords_are_refused(store):
    with pytest.raises(AccountError, match="role"):
        add_user(store, "ann", "boss")
    with pytest.raises(AccountError, match="user name"):
        add_user(store, "<script>", "trainee")
    with pytest.raises(AccountError, match="at least 10"):
        add_user(store, "ann", "trainee", "short")
    add_user(store, "ann", "trainee")
    with pytest.raises(AccountError, match="exists"):
        add_user(store, "ann", "manager")


def test_first_run_creates_admin_and_demo_with_random_passwords_once(store):
    first = bootstrap(store)
    assert first is not None and first.admin_password != first.trainee_password
    assert authenticate(store, "admin", first.admin_password).role == "admin"
    assert authenticate(store, "demo", first.trainee_password).role == "trainee"
    assert bootstrap(store) is None  # never again


def test_password_reset_invalidates_the_old_one(store):
    _, old = add_user(store, "ann", "trainee")
    new = set_password(store, "ann")
    assert authenticate(store, "ann", old) is None and authenticate(store, "ann", new)


def test_auth_secret_is_generated_once_and_private(tmp_path):
    secret = auth_secret(tmp_path)
    assert len(secret) >= 40 and auth_secret(tmp_path) == secret
    mode = (tmp_path / "chainlit_auth_secret").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
