"""Bank categories named after shipped modules that are not course categories read as the module's title."""

from exams.labels import category_label


def test_new_module_banks_are_named_by_their_module_title(db):
    assert category_label("training") == "培训制度"
    assert category_label("service-standards/选号") == "营业服务规范 / 选号"
    assert category_label("etiquette") == "服务礼仪"
