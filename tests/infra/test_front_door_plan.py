"""A stage may put its web distribution on a CloudFront flat-rate plan; the templates keep to what plans
support, and the synth refuses a plan beside a feature plans do not support."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench import front_door
from infra import FRONT_DOOR_PLAN_TIERS, PAY_AS_YOU_GO, deploy, edge_stack_name
from infra.parts.front_door_plan import SUBSCRIPTION_TYPE, plan_problems
from infra.settings import StageSettings
from infra.synth import unsupported_by_plan
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra

Templates = tuple[dict[str, Any], dict[str, Any]]  # the stage's stack and its edge stack


def _distribution_id(resources: dict[str, Any], comment_word: str) -> str:
    (found,) = [
        key
        for key, value in resources.items()
        if value["Type"] == "AWS::CloudFront::Distribution"
        and comment_word in value["Properties"]["DistributionConfig"]["Comment"]
    ]
    return found


def _web(template: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = template["Resources"][_distribution_id(template["Resources"], "API")][
        "Properties"
    ]["DistributionConfig"]
    return config


def _media(template: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = template["Resources"][_distribution_id(template["Resources"], "media")][
        "Properties"
    ]["DistributionConfig"]
    return config


def _acl(edge: dict[str, Any]) -> dict[str, Any]:
    (acl,) = [value for value in edge["Resources"].values() if value["Type"] == "AWS::WAFv2::WebACL"]
    properties: dict[str, Any] = acl["Properties"]
    return properties


def test_a_stage_is_pay_as_you_go_unless_it_chooses_a_plan(dev: Synthesized) -> None:
    assert dev.front_door_plan == PAY_AS_YOU_GO
    assert dev.of_type(SUBSCRIPTION_TYPE) == {}
    assert "FrontDoorPlanSubscriptionArn" not in dev.template["Outputs"]
    assert StageSettings(stage="dev").front_door_plan == PAY_AS_YOU_GO


def test_a_plan_covers_the_web_distribution_with_its_web_acl_and_nothing_else(prod: Synthesized) -> None:
    (subscription,) = prod.of_type(SUBSCRIPTION_TYPE).values()
    properties = subscription["Properties"]
    assert properties["PlanFamily"] == "CloudFront"
    assert properties["PlanTier"] == FRONT_DOOR_PLAN_TIERS[prod.front_door_plan] == "PRO"
    web_id = _distribution_id(prod.resources, "API")
    distribution_arn, acl_arn = properties["ResourceArns"]
    assert {"Ref": web_id} in distribution_arn["Fn::Join"][1]
    assert ":distribution/" in distribution_arn["Fn::Join"][1]
    # The edge stack's ACL, exactly as the distribution names it (through the cross-region reader).
    assert acl_arn == _web(prod.template)["WebACLId"]
    # Media downloads keep their own distribution, on pay-as-you-go prices.
    assert _distribution_id(prod.resources, "media") not in json.dumps(properties)
    # Approving a paid tier needs the subscription's ARN.
    assert prod.template["Outputs"]["FrontDoorPlanSubscriptionArn"]["Value"] == {
        "Fn::GetAtt": ["FrontDoorPlan", "Arn"]
    }


def test_the_planned_distribution_and_acl_use_only_what_plans_support(prod: Synthesized) -> None:
    """Origin access control for both origins, a CloudFront Function (no Lambda@Edge), cache and
    origin request policies (no legacy ForwardedValues), standard logs, the default certificate; in
    the ACL a rate-based rule and two AWS managed groups (Core rule set, Known bad inputs)."""
    assert plan_problems(prod.template, prod.edge) == []
    assert prod.returncode == 0, prod.output  # the synth checks the same, and would have refused
    web = _web(prod.template)
    assert all("OriginAccessControlId" in origin for origin in web["Origins"])
    behaviors = [web["DefaultCacheBehavior"], *web["CacheBehaviors"]]
    assert all("CachePolicyId" in b and "LambdaFunctionAssociations" not in b for b in behaviors)
    assert web["DefaultCacheBehavior"]["FunctionAssociations"]
    statements = [rule["Statement"] for rule in _acl(prod.edge)["Rules"]]
    assert {next(iter(statement)) for statement in statements} == {
        "RateBasedStatement",
        "ManagedRuleGroupStatement",
    }
    groups = {s["ManagedRuleGroupStatement"]["Name"] for s in statements if "ManagedRuleGroupStatement" in s}
    assert groups == {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"}


def _lambda_at_edge(templates: Templates) -> None:
    _web(templates[0])["DefaultCacheBehavior"]["LambdaFunctionAssociations"] = [
        {"EventType": "viewer-request", "LambdaFunctionARN": "arn:aws:lambda:us-east-1:1:function:f:1"}
    ]


def _forwarded_values(templates: Templates) -> None:
    _web(templates[0])["CacheBehaviors"][0]["ForwardedValues"] = {"QueryString": True}


def _origin_access_identity(templates: Templates) -> None:
    (s3,) = [o for o in _web(templates[0])["Origins"] if "S3OriginConfig" in o]
    s3["S3OriginConfig"]["OriginAccessIdentity"] = "origin-access-identity/cloudfront/E1"


def _real_time_logs(templates: Templates) -> None:
    behavior = _web(templates[0])["DefaultCacheBehavior"]
    behavior["RealtimeLogConfigArn"] = "arn:aws:cloudfront::1:realtime-log-config/x"


def _iam_certificate(templates: Templates) -> None:
    _web(templates[0])["ViewerCertificate"] = {"IamCertificateId": "ASCA1", "SslSupportMethod": "sni-only"}


def _captcha(templates: Templates) -> None:
    rule = _acl(templates[1])["Rules"][0]
    rule["Action"] = {"Captcha": {}}


def _partner_rules(templates: Templates) -> None:
    _acl(templates[1])["Rules"][1]["Statement"]["ManagedRuleGroupStatement"]["VendorName"] = "F5"


def _account_takeover(templates: Templates) -> None:
    _acl(templates[1])["Rules"][1]["Statement"]["ManagedRuleGroupStatement"]["Name"] = (
        "AWSManagedRulesATPRuleSet"
    )


def _targeted_bots(templates: Templates) -> None:
    statement = _acl(templates[1])["Rules"][2]["Statement"]["ManagedRuleGroupStatement"]
    statement["Name"] = "AWSManagedRulesBotControlRuleSet"
    statement["ManagedRuleGroupConfigs"] = [
        {"AWSManagedRulesBotControlRuleSet": {"InspectionLevel": "TARGETED"}}
    ]


def _function_shared_with_media(templates: Templates) -> None:
    associations = _web(templates[0])["DefaultCacheBehavior"]["FunctionAssociations"]
    _media(templates[0])["DefaultCacheBehavior"]["FunctionAssociations"] = copy.deepcopy(associations)


def _acl_shared_with_media(templates: Templates) -> None:
    _media(templates[0])["WebACLId"] = copy.deepcopy(_web(templates[0])["WebACLId"])


def _no_web_acl(templates: Templates) -> None:
    del _web(templates[0])["WebACLId"]


UNSUPPORTED: dict[str, tuple[Callable[[Templates], None], str]] = {
    "Lambda@Edge": (_lambda_at_edge, "Lambda@Edge"),
    "legacy cache settings": (_forwarded_values, "ForwardedValues"),
    "an origin access identity": (_origin_access_identity, "origin access identity"),
    "real-time logs": (_real_time_logs, "real-time logs"),
    "an IAM certificate": (_iam_certificate, "IAM server certificate"),
    "CAPTCHA": (_captcha, "CAPTCHA"),
    "a partner's rules": (_partner_rules, "partner's managed rule group"),
    "account takeover prevention": (_account_takeover, "account takeover"),
    "targeted Bot Control": (_targeted_bots, "targeted Bot Control"),
    "a function shared with media": (_function_shared_with_media, "CloudFront Function shared"),
    "the ACL shared with media": (_acl_shared_with_media, "web ACL shared"),
    "no web ACL": (_no_web_acl, "it has none"),
}


@pytest.mark.parametrize("feature", UNSUPPORTED)
def test_a_plan_beside_a_feature_plans_do_not_support_is_refused(prod: Synthesized, feature: str) -> None:
    templates = (copy.deepcopy(prod.template), copy.deepcopy(prod.edge))
    add, named = UNSUPPORTED[feature]
    add(templates)
    problems = plan_problems(*templates)
    assert any(named in problem for problem in problems), problems
    # Without a plan the same templates are nobody's concern but CloudFront's pay-as-you-go.
    for key in [k for k, v in templates[0]["Resources"].items() if v["Type"] == SUBSCRIPTION_TYPE]:
        del templates[0]["Resources"][key]
    assert plan_problems(*templates) == []


def test_the_synth_reads_the_stages_templates_for_what_its_plan_refuses(
    prod: Synthesized, tmp_path: Path
) -> None:
    """`infra.synth` fails (and so `make deploy` stops before CloudFormation) on what this finds."""
    assert unsupported_by_plan(prod.outdir, "prod") == []
    shutil.copy(prod.edge_path, tmp_path / f"{edge_stack_name('prod')}.template.json")
    doctored = copy.deepcopy(prod.template)
    _lambda_at_edge((doctored, prod.edge))
    (tmp_path / prod.template_path.name).write_text(json.dumps(doctored))
    assert any("Lambda@Edge" in problem for problem in unsupported_by_plan(tmp_path, "prod"))


def test_an_unknown_plan_is_refused_before_anything_is_built() -> None:
    with pytest.raises(ValueError, match="premium"):
        StageSettings(stage="dev", front_door_plan="premium")


def test_deploy_gives_the_stages_plan_to_the_synth_every_time() -> None:
    command = deploy.cdk_command("deploy", "prod", front_door_plan="business")
    assert "--front-door-plan business" in command[command.index("--app") + 1]
    default = deploy.cdk_command("deploy", "prod")
    assert "--front-door-plan" not in default[default.index("--app") + 1]


def test_the_cost_model_prices_the_plans_the_stage_setting_offers() -> None:
    assert [plan.name for plan in front_door.FLAT_PLANS] == list(FRONT_DOOR_PLAN_TIERS)
