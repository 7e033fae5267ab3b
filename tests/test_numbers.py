from eventledger.normalise.numbers import compatible, find_counts, lowest_credible, parse_count, words_to_int


def test_number_words():
    assert words_to_int("seven thousand") == 7000
    assert words_to_int("twenty-one") == 21
    assert words_to_int("two hundred and fifty") == 250
    assert words_to_int("SEVEN THOUSAND".lower()) == 7000


def test_digits_hedges_and_vague_words():
    c = parse_count("released some 600 prisoners")
    assert (c.value, c.hedge, c.vague) == (600, "some", False)
    assert parse_count("more than 60 soldiers").value == 60
    assert parse_count("more than 60 soldiers").lower_bound_only
    assert parse_count("1,600 troops").value == 1600
    assert parse_count("dozens of detainees").value == 12
    assert parse_count("hundreds of people").value == 100
    assert parse_count("several policemen").value == 3
    assert parse_count("more than a thousand soldiers").value == 1000
    assert parse_count("2.5 million people").value == 2_500_000


def test_years_are_not_counts():
    assert [c.value for c in find_counts("In 2020 the army arrested 14 men")] == [14]


def test_lowest_credible_prefers_a_figure_over_a_vague_word():
    counts = find_counts("killing dozens; an official said more than 60 were killed")
    assert lowest_credible(counts).value == 60
    assert lowest_credible(find_counts("between 40 and 55 dead")).value == 40


def test_compatibility_reads_the_wording():
    thousand_plus = parse_count("more than a thousand")
    assert compatible(thousand_plus, parse_count("some 1,600"))
    assert not compatible(parse_count("dozens"), parse_count("some 600"))
    assert compatible(parse_count("hundreds"), parse_count("600"))
    assert compatible(100, 104)
    assert not compatible(100, 200)
