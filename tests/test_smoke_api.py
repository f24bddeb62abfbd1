def test_it_returns_me(api_as, coach):
    response = api_as(coach).get("/me")
    assert response.status_code == 200
    assert response.json() == {
        "username": "coach",
        "role": "job_coach",
        "organization": {"code": "testikunta", "name": "Testikunnan hyvinvointialue"},
    }


def test_it_hides_other_organisations_client(api_as, outsider, client_record):
    assert api_as(outsider).get(f"/clients/{client_record.pk}").status_code == 404
