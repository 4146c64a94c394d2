from riep.performance.calc.assessment import AMBER, GREEN, RED, Answer, by_element, movement


def test_strengths_weaknesses_and_movement():
    answers = [Answer("a1", "a", GREEN), Answer("a2", "a", GREEN), Answer("a3", "a", AMBER),
               Answer("b1", "b", GREEN), Answer("b2", "b", RED), Answer("c1", "c", AMBER), Answer("c2", "c", GREEN)]
    summary = {s.element: s for s in by_element(answers, ["a", "b", "c"])}
    assert summary["a"].verdict == "strength" and summary["b"].verdict == "weakness" and summary["c"].verdict == "mixed"
    assert (summary["a"].green, summary["a"].amber, summary["a"].red) == (2, 1, 0)
    assert [movement(GREEN, RED), movement(RED, AMBER), movement(AMBER, AMBER), movement(GREEN, None), movement(None, RED)] \
        == ["better", "worse", "same", "new", ""]
