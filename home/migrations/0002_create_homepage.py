"""Replace Wagtail's default welcome page with Peixun's Chinese home page."""

import uuid

from django.db import migrations

INTRO = "营业厅员工的礼仪、仪容、投诉处理与安全保密培训，按周、按月、按年有计划地学、练、考。"
BODY = (
    "<h2>员工</h2><p>登录后在“我的”里查看自己的档案和培训安排。</p>"
    "<h2>培训师</h2><p>在管理后台编写课程与试题，组织培训并记录结果。</p>"
    "<h2>营业厅经理与人力资源</h2><p>查看各营业厅人员与培训情况，导入员工名单，导出培训档案。</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    homepage = HomePage.objects.create(
        title="培训 · 营业厅服务培训与认证",
        draft_title="培训 · 营业厅服务培训与认证",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro=INTRO,
        body=BODY,
        live=True,
        locale=Locale.objects.order_by("pk").first(),
        translation_key=uuid.uuid4(),
    )
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True, site_name="培训 Peixun")


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
