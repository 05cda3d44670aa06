"""Corrections: a person's label on an item, kept for retraining the text models."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import World
from tests.feedback.feedback_factories import post

from cxloop.feedback import service as feedback_service


def test_a_correction_is_kept_with_who_made_it_and_listed(client: TestClient, world: World) -> None:
    item = post(client, world, source_ref="a", rating=3, text="还行吧，就是等得有点久")
    auth = world.auth("analyst_chen")
    url = f"/api/v1/feedback/{item['id']}/corrections"
    first = client.post(url, json={"field": "sentiment", "value": " Negative "}, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["value"] == "negative"
    assert first.json()["user_id"] == world.users["analyst_chen"].id
    client.post(url, json={"field": "aspect", "value": "timeliness"}, headers=auth)
    listed = client.get(url, headers=auth).json()
    assert [(c["field"], c["value"]) for c in listed] == [
        ("sentiment", "negative"),
        ("aspect", "timeliness"),
    ]


def test_a_correction_outside_the_label_set_is_refused_naming_the_value(
    client: TestClient, world: World
) -> None:
    item = post(client, world, source_ref="a", rating=3)
    url = f"/api/v1/feedback/{item['id']}/corrections"
    bad = client.post(
        url, json={"field": "aspect", "value": "weather"}, headers=world.auth("analyst_chen")
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "feedback.invalid_correction"
    assert bad.json()["error"]["details"][0]["field"] == "value"
    assert "weather" in bad.json()["error"]["message"]
    unknown = client.post(
        url, json={"field": "mood", "value": "x"}, headers=world.auth("analyst_chen")
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["details"][0]["field"] == "field"


def test_the_latest_label_per_item_is_what_training_gets(
    client: TestClient, session: Session, world: World
) -> None:
    relabelled = post(client, world, source_ref="a", rating=3, text="一般般")
    once = post(client, world, source_ref="b", rating=5, text="很好")
    no_text = post(client, world, source_ref="c", rating=1)
    auth = world.auth("analyst_chen")
    for fid, value in (
        (relabelled["id"], "positive"),
        (once["id"], "positive"),
        (relabelled["id"], "neutral"),
        (no_text["id"], "negative"),
    ):
        response = client.post(
            f"/api/v1/feedback/{fid}/corrections",
            json={"field": "sentiment", "value": value},
            headers=auth,
        )
        assert response.status_code == 201
    client.post(
        f"/api/v1/feedback/{once['id']}/corrections",
        json={"field": "type", "value": "praise"},
        headers=auth,
    )
    rows = list(feedback_service.corrected_labels(session, organization_id=world.org.id))
    assert rows == [(relabelled["id"], "一般般", "neutral"), (once["id"], "很好", "positive")]
    types = list(
        feedback_service.corrected_labels(session, organization_id=world.org.id, field="type")
    )
    assert types == [(once["id"], "很好", "praise")]
    assert (
        list(feedback_service.corrected_labels(session, organization_id=world.other_org.id)) == []
    )


def test_aspect_corrections_add_up_per_item_for_training(
    client: TestClient, session: Session, world: World
) -> None:
    both = post(client, world, source_ref="a", rating=2, text="门禁坏了，物业拖了一周才来修")
    one = post(client, world, source_ref="b", rating=2, text="门禁刷不开")
    auth = world.auth("analyst_chen")
    for fid, value in (
        (both["id"], "timeliness"),
        (one["id"], "facilities"),
        (both["id"], "facilities"),
        (both["id"], "timeliness"),  # said twice, counted once
    ):
        response = client.post(
            f"/api/v1/feedback/{fid}/corrections",
            json={"field": "aspect", "value": value},
            headers=auth,
        )
        assert response.status_code == 201
    rows = list(
        feedback_service.corrected_labels(session, organization_id=world.org.id, field="aspect")
    )
    assert rows == [
        (both["id"], "门禁坏了，物业拖了一周才来修", "facilities;timeliness"),
        (one["id"], "门禁刷不开", "facilities"),
    ]
    assert (
        list(
            feedback_service.corrected_labels(
                session, organization_id=world.other_org.id, field="aspect"
            )
        )
        == []
    )


def test_every_item_with_text_can_be_exported_for_training_labelled_or_blank(
    client: TestClient, session: Session, world: World
) -> None:
    """A person's label wins over the rating; no label and no rating is a blank (unlabelled) row."""
    corrected = post(client, world, source_ref="a", rating=5, text="说是五星，其实一直没人处理")
    rated = post(client, world, source_ref="b", rating=1, text="窗口排队两个小时")
    aspect_only = post(client, world, source_ref="c", rating=4, text="停车方便")
    unrated = post(
        client, world, source_ref="d", channel="hotline", text="我想问一下社保卡怎么补办"
    )
    post(client, world, source_ref="e", rating=2)  # no text: nothing to learn from
    auth = world.auth("analyst_chen")
    for fid, field, value in (
        (corrected["id"], "sentiment", "positive"),
        (corrected["id"], "sentiment", "negative"),  # the newest label wins
        (aspect_only["id"], "aspect", "facilities"),
    ):
        response = client.post(
            f"/api/v1/feedback/{fid}/corrections",
            json={"field": field, "value": value},
            headers=auth,
        )
        assert response.status_code == 201
    rows = list(feedback_service.sentiment_training_rows(session, organization_id=world.org.id))
    assert rows == [
        (corrected["id"], "说是五星，其实一直没人处理", "negative"),
        (rated["id"], "窗口排队两个小时", "1"),
        (aspect_only["id"], "停车方便", "4"),
        (unrated["id"], "我想问一下社保卡怎么补办", ""),
    ]
    assert (
        list(feedback_service.sentiment_training_rows(session, organization_id=world.other_org.id))
        == []
    )
