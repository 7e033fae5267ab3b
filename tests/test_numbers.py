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


def test_multipliers_and_halves():
    assert parse_count("two dozen people").value == 24
    assert parse_count("half a million people").value == 500_000
    assert parse_count("a dozen soldiers").value == 12
    several = parse_count("several hundred protesters")
    assert (several.value, several.vague) == (300, True)


def test_days_times_ages_labels_and_measures_are_not_counts():
    assert [c.value for c in find_counts("On April 11 the ministry said 168 died")] == [168]
    assert [c.value for c in find_counts("on 11 April, 12 were hurt; on the 3rd of May, 4 more")] == [12, 4]
    assert [c.value for c in find_counts("At 9 am, 30 protesters gathered; by 0900hrs 40 had arrived")] == [30, 40]
    assert [c.value for c in find_counts("A man (24) was arrested with 3 others")] == [3]
    assert [c.value for c in find_counts("UPDATE 2: Over 79 dead")] == [79]
    assert [c.value for c in find_counts("the head of the 616 Brigade and 5 guards")] == [5]
    assert [c.value for c in find_counts("a $5 million fund, 50 percent of it, 20 km away, for 7 families")] == [7]


def test_two_counts_disagree_unless_the_wording_allows_both():
    assert not compatible(parse_count("at least 64"), parse_count("at least 43"))
    assert not compatible(parse_count("nearly 4,000"), parse_count("3,600"))
    assert compatible(parse_count("nearly 300"), parse_count("276"))
    assert compatible(parse_count("at least 81"), parse_count("at least 80"))
    assert compatible(parse_count("up to 500"), parse_count("200"))
    assert compatible(parse_count("more than 200"), parse_count("260"))
    assert not compatible(parse_count("hundreds"), parse_count("60"))


def test_a_role_word_belongs_to_the_nearest_count():
    from eventledger.extract.quantities import counts_by_role, fatalities

    assert fatalities("On the 11th of April the ministry said 168 people died").value == 168
    assert fatalities("Islamists killed four soldiers and nine militiamen in an ambush").value == 13
    roles = counts_by_role("At least 20 people were killed and 30 wounded")
    assert [c.value for c in roles["killed"]] == [20] and [c.value for c in roles["injured"]] == [30]
    assert fatalities("The conflict has left 1,500 people dead since the coup") is None
    assert fatalities("The death toll has risen to at least 61") .value == 61
    assert fatalities("Unknown fatalities coded as 10.").value == 10
    assert fatalities("The guard died. 1 fatality.").value == 1


def test_coordinated_counts_ranges_and_ages():
    from eventledger.extract.quantities import counts_by_role, fatalities

    assert fatalities("Five civilians and five militiamen were killed").value == 10
    assert fatalities("between 43 and 52 persons were killed").value == 43
    roles = counts_by_role("The explosion killed one and injured 3 others.")
    assert [c.value for c in roles["killed"]] == [1] and [c.value for c in roles["injured"]] == [3]
    assert fatalities("a 48-year-old farmer died") is None


def test_one_person_killed_is_one_death():
    from eventledger.annotate import load_nlp
    from eventledger.extract.quantities import singular_deaths

    nlp = load_nlp()

    def deaths(text):
        found = singular_deaths(nlp(text)[:])
        return found.value if found else None

    assert deaths("Gunmen killed a shopkeeper and wounded two others in the market.") == 1
    assert deaths("A farmer was beaten to death by a mob in the village.") == 1
    assert deaths("The victim died in hospital.") == 1
    assert deaths("A suspect was shot and died at the scene.") == 1
    assert deaths("A teacher and her son were killed by a stray shell.") == 2
    assert deaths("The blast left the driver dead.") == 1
    # plurals and counted phrases are read by the counts, not here
    assert deaths("Civilians were killed in the raid.") is None
    assert deaths("Two soldiers were killed.") is None
    assert deaths("No one was killed in the attack.") is None
    assert deaths("The town was shelled overnight.") is None


def test_a_toll_that_rose_and_some_of_the_dead():
    from eventledger.extract.quantities import fatalities

    assert fatalities("the toll from the blast has now risen to at least 61").value == 61
    assert fatalities("Two aid workers were among those killed.") is None


def test_the_attacker_killed_beside_the_dead_is_counted():
    from eventledger.extract.quantities import fatalities

    assert fatalities("a truck bomb at the barracks killed 14 recruits as well as the bomber").value == 15
    assert fatalities("the blast killed 20 people, including the attacker").value == 20
    # a vague toll stays as it is
    assert fatalities("the blast killed dozens as well as the bomber").value == 12


def test_every_verb_of_killing_and_a_long_toll_phrase_count_the_dead():
    from eventledger.extract.quantities import fatalities

    assert fatalities("Gunmen executed seven villagers").value == 7
    assert fatalities("Twelve villagers were massacred").value == 12
    assert fatalities("The death toll from Monday's bombing at the market in the capital rose to 45").value == 45
    assert fatalities("He mourned the death of his father") is None


def test_how_many_asks_and_counts_nothing():
    from eventledger.normalise.numbers import find_counts

    assert find_counts("It was unclear how many people fled the camp.") == []
    assert find_counts("Nobody knows how many thousands were displaced.") == []
    # "many" said, not asked, is a vague count
    assert [c.value for c in find_counts("Many people fled the camp.")] == [10]
