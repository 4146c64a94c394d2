"""The API tokens page in a real browser: accessible in each state; create (shown once), use and revoke work with
JavaScript off."""
from tests.browser.conftest import check_accessibility, follow, sign_in


def test_the_tokens_page_is_accessible(browser, demo_site):
    page = browser.new_page()
    sign_in(page, demo_site, "board@improvementeast.example")
    follow(page.get_by_role("link", name="Your API tokens"))
    assert page.url.endswith("/accounts/tokens/")
    check_accessibility(page)
    follow(page.get_by_role("button", name="Create token"))
    assert "Enter what the token is for" in page.locator(".govuk-error-summary").inner_text()
    check_accessibility(page)
    page.get_by_label("What is the token for?").fill("Analysis notebook")
    follow(page.get_by_role("button", name="Create token"))
    assert page.get_by_label("Your new API token").input_value().startswith("riep_")
    check_accessibility(page)
    page.close()


def test_create_use_and_revoke_a_token_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, demo_site, "board@improvementeast.example")
    page.goto(f"{demo_site}/accounts/tokens/")
    page.get_by_label("What is the token for?").fill("Analysis notebook")
    follow(page.get_by_role("button", name="Create token"))
    token = page.get_by_label("Your new API token").input_value()
    assert token.startswith("riep_")
    answer = context.request.get(f"{demo_site}/api/v1/councils/E10000020", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200
    page.goto(f"{demo_site}/accounts/tokens/")  # shown once: not on the next visit
    assert token not in page.content() and "Analysis notebook" in page.content()
    follow(page.get_by_role("button", name="Revoke Analysis notebook"))
    assert "revoked" in page.content() and "You have no tokens." in page.content()
    anonymous = browser.new_context()
    assert anonymous.request.get(f"{demo_site}/api/v1/councils", headers={"Authorization": f"Bearer {token}"}).status == 401
    anonymous.close()
    follow(page.get_by_role("link", name="API documentation"))
    assert "/api/v1/docs" in page.url
    context.close()
