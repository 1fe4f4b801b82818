"""Question sets: the shipped tools load, and a bad set gives a clear error."""
import pytest

from iro_audit.errors import ParameterError
from iro_audit.sampling import available_tools, load_questions, parse_questions


def test_shipped_tools_load():
    assert {"s20", "pwp", "qc_moderation"} <= set(available_tools())
    s20 = load_questions("s20")
    assert s20.base == "s20"
    assert {"Consent", "Capacity", "Parental responsibility", "Rights", "Planning and drift",
            "Review"} <= set(s20.themes)
    pwp = load_questions("pwp")
    assert pwp.base == "pwp"
    assert {"NOMINATED_OFFICER_APPROVAL", "ASSESSMENT_COMPLETED", "PLACEMENT_PLAN", "VISITS_ON_TIME",
            "SUPPORT_PROVIDED", "DISCHARGE_CONSIDERED"} <= set(pwp.ids)
    qc = load_questions("qc_moderation")
    assert any(not q.yes_no for q in qc.questions)  # a graded question
    for qs in (s20, pwp, qc):
        assert all(q.answers for q in qs.questions)
        assert len(qs.hash()) == 16


def test_hash_changes_with_the_text():
    a = parse_questions({"id": "x", "title": "X", "questions": [
        {"id": "Q1", "theme": "T", "text": "One?", "answers": ["Y", "N", "NA"]}]})
    b = parse_questions({"id": "x", "title": "X", "questions": [
        {"id": "Q1", "theme": "T", "text": "One, reworded?", "answers": ["Y", "N", "NA"]}]})
    assert a.hash() != b.hash()
    assert a.questions[0].yes_no


@pytest.mark.parametrize("raw, message", [
    ({"title": "X", "questions": []}, "'id' is required"),
    ({"id": "x", "title": "X", "questions": []}, "'questions' must be a non-empty list"),
    ({"id": "x", "title": "X", "colour": "red", "questions": []}, "unknown key"),
    ({"id": "x", "title": "X", "questions": [{"id": "Q1", "text": "?", "theme": "T"}]},
     r"question 1 \(Q1\): 'answers' is required"),
    ({"id": "x", "title": "X", "questions": [{"id": "q1", "text": "?", "theme": "T", "answers": ["Y", "N"]}]},
     "id 'q1' must be upper-case"),
    ({"id": "x", "title": "X", "questions": [
        {"id": "Q1", "text": "?", "theme": "T", "answers": ["Y", "N"]},
        {"id": "Q1", "text": "?", "theme": "T", "answers": ["Y", "N"]}]},
     r"question 2 \(Q1\): id 'Q1' is used twice \(also question 1\)"),
    ({"id": "x", "title": "X", "questions": [{"id": "Q1", "text": "?", "theme": "T", "answers": ["Y"]}]},
     "at least two choices"),
    ({"id": "x", "title": "X", "questions": [{"id": "Q1", "text": "?", "theme": "T", "answers": ["Y", "y"]}]},
     "listed twice"),
    ({"id": "x", "title": "X", "questions": [{"id": "NOTES", "text": "?", "theme": "T", "answers": ["Y", "N"]}]},
     "reserved"),
    ({"id": "x", "title": "X", "base": "cin", "questions": []}, "base 'cin'"),
])
def test_bad_question_sets(raw, message):
    with pytest.raises(ParameterError, match=message):
        parse_questions(raw, "bad.yaml")


def test_unknown_tool_and_bad_yaml(tmp_path):
    with pytest.raises(ParameterError, match="no audit tool 'nope' \\(available: .*s20"):
        load_questions("nope")
    p = tmp_path / "broken.yaml"
    p.write_text("id: [unclosed\n")
    with pytest.raises(ParameterError, match="not valid YAML"):
        load_questions(p)
