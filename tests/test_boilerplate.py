"""Furniture recognised by its words, and prose that only looks like it."""

from streams.clean.boilerplate import is_boilerplate

# CleanEval final-644, a PHP Magazine column: the article quotes the markup it explains.
PHP_COLUMN = (
    "Welcome to the first edition of Guru Speak, a new column that I'll be bringing to you every "
    "other month right here in PHP Magazine. The topics will vary, but one recurring topic is "
    "providing thorough answers to frequently asked questions. Consider a form that posts to "
    'itself: <form method="post" action="login.php"> with a username and a password field. When '
    "the user clicks the back button after submitting it, the browser warns that the page has "
    "expired, because the page was the result of a POST request and resending it might repeat an "
    "action. The usual fix is to redirect after the POST, so that the history holds a GET request "
    "the browser can safely repeat, and the warning never appears.")


def test_an_article_that_quotes_markup_is_prose():
    assert not is_boilerplate(PHP_COLUMN)


def test_a_short_line_of_stray_markup_is_furniture():
    assert is_boilerplate('<div class="ad-slot" data-size="300x250">')


def test_a_line_without_letters_or_digits_is_furniture():
    for line in ("|  |  |  |  |  |  |  | ", "* * *", "———"):
        assert is_boilerplate(line), line


def test_a_cookie_banner_is_furniture_but_an_article_about_cookies_is_not():
    assert is_boilerplate("We use cookies to improve your experience. By continuing to browse you agree.")
    article = " ".join(["Regulators say that when a site uses cookies to track readers it must ask first,"
                        " and the fines for sites that do not have grown every year since 2018."] * 8)
    assert not is_boilerplate(article)


def test_a_contact_line_is_furniture_but_a_sentence_giving_an_address_is_prose():
    """CleanPortalEval washingtonpost_com_blog1_15 ends its post with the second line."""
    assert is_boilerplate("Media contact: Jane Doe, press@example.com, +1 555 0100")
    assert not is_boilerplate("As always, please feel free to e-mail mobilewebfeedback@washingtonpost.com "
                              "with your comments and suggestions on the mobile Web.")


def test_follow_lines_and_author_widgets_are_furniture_but_prose_about_following_is_not():
    # the last lines of the space.com and antiwar.com pages of the entity audit
    assert is_boilerplate("Follow Calla Cofield @callacofield.Follow us @Spacedotcom, Facebook and "
                          "Google+. Original article on Space.com.")
    assert is_boilerplate("Last 5 posts by Jason Ditz")
    assert not is_boilerplate("Follow the money, he said, and you will find who paid for the campaign.")
    assert not is_boilerplate("Following the vote on Tuesday, the party met in Washington.")


def test_a_call_to_subscribe_is_furniture_but_a_price_of_a_subscription_is_article():
    # lines of the development pages (WCXB): the review's prices, the site's newsletter box
    assert not is_boilerplate("Lifetime subscription: US$ 299.99")
    assert not is_boilerplate("Subscription required to unlock all features")
    assert not is_boilerplate("- 💰 Starting price: $1.99 per month (for a 48-month subscription)")
    assert is_boilerplate("Thank you for subscribing to our daily newsletter.")
    assert is_boilerplate("Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.")
