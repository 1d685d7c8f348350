"""The web distribution on a CloudFront flat-rate pricing plan, when the stage chooses one.

A plan (`AWS::PricingPlanManager::Subscription`, plan family `CloudFront`) covers exactly one
distribution and exactly one web ACL for a monthly fee: their requests, transfer, CloudFront
Functions and the ACL's own charges; no overage is charged, and traffic above the plan's allowance
may be throttled. It covers the web distribution (the app and `/v1`) with the edge stack's ACL;
media downloads keep their own distribution, on pay-as-you-go prices.

The subscription lives in this stack, beside the distribution it names: the edge stack is deployed
before the distribution exists. Free plans are active at once; a paid one is created
PENDING_APPROVAL and costs nothing until someone approves its charge once, out of band (CloudFormation
never does; docs/deploy.md "Flat-rate plan"). Removing the setting deletes the resource, which
cancels the plan at the end of the billing month. CloudFormation refuses to change a
subscription's tier: moving between paid tiers is done with the API first (docs/deploy.md).

Plans refuse some features (Lambda@Edge, real-time logs, legacy cache settings and origin access
identities, field-level encryption, dedicated-IP or IAM certificates, continuous deployment,
multi-tenant distributions; in WAF: CAPTCHA, targeted Bot Control, partner managed rule groups,
account takeover and account creation fraud prevention; a plan's function or ACL shared with
another distribution). `plan_problems` finds those in the synthesized templates; `infra.synth`
fails on any, so a deploy never meets them as a half-applied update.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_pricingplanmanager as pricingplanmanager

from infra.settings import StageSettings

PLAN_FAMILY = "CloudFront"
SUBSCRIPTION_TYPE = "AWS::PricingPlanManager::Subscription"
# AWS managed rule groups no plan includes: account takeover and account creation fraud prevention.
FRAUD_RULE_GROUPS = ("AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet")
BOT_CONTROL_RULE_GROUP = "AWSManagedRulesBotControlRuleSet"


def subscribe(
    stack: Stack, settings: StageSettings, distribution: cloudfront.Distribution, web_acl_arn: str
) -> pricingplanmanager.CfnSubscription | None:
    """The stage's plan for the distribution and its web ACL, or None on pay-as-you-go."""
    tier = settings.front_door_plan_tier
    if tier is None:
        return None
    subscription = pricingplanmanager.CfnSubscription(
        stack,
        "FrontDoorPlan",
        plan_family=PLAN_FAMILY,
        plan_tier=tier,
        resource_arns=[distribution.distribution_arn, web_acl_arn],
    )
    # What `aws pricing-plan-manager approve-paid-subscription --arn` needs, once, for a paid tier.
    CfnOutput(stack, "FrontDoorPlanSubscriptionArn", value=subscription.attr_arn)
    return subscription


def plan_problems(template: Mapping[str, Any], edge_template: Mapping[str, Any]) -> list[str]:
    """What a flat-rate plan would refuse in the stage's templates: for each subscribed distribution,
    the features plans do not support, in the distribution and in the web ACLs of the edge stack."""
    resources: Mapping[str, Any] = template.get("Resources", {})
    distributions = {
        key: value["Properties"]["DistributionConfig"]
        for key, value in resources.items()
        if value["Type"] == "AWS::CloudFront::Distribution"
    }
    problems: list[str] = []
    for key, subscription in resources.items():
        if subscription["Type"] != SUBSCRIPTION_TYPE:
            continue
        arns = subscription["Properties"]["ResourceArns"]
        covered = [name for name in distributions if _names(arns, name)]
        if len(covered) != 1:
            problems.append(f"{key}: a plan covers exactly one distribution, found {covered}")
            continue
        (name,) = covered
        config = distributions[name]
        problems += [f"{name}: {problem}" for problem in _distribution_problems(config)]
        others = [other for other in distributions.values() if other is not config]
        problems += [f"{name}: {problem}" for problem in _shared(config, others)]
        acl = config.get("WebACLId")
        if acl is None:
            problems.append(f"{name}: a plan covers the distribution with its web ACL, and it has none")
        elif _canonical(acl) not in {_canonical(arn) for arn in arns}:
            problems.append(f"{key}: the plan must name the distribution's own web ACL")
        for acl_key, acl_resource in edge_template.get("Resources", {}).items():
            if acl_resource["Type"] == "AWS::WAFv2::WebACL":
                problems += [f"{acl_key}: {problem}" for problem in _web_acl_problems(acl_resource)]
    return problems


def _distribution_problems(config: Mapping[str, Any]) -> Iterator[str]:
    behaviors = [config["DefaultCacheBehavior"], *config.get("CacheBehaviors", [])]
    for behavior in behaviors:
        where = behavior.get("PathPattern", "default behaviour")
        if behavior.get("LambdaFunctionAssociations"):
            yield f"{where}: Lambda@Edge (plans run CloudFront Functions only)"
        if "ForwardedValues" in behavior:
            yield f"{where}: legacy cache settings (ForwardedValues); use cache and origin request policies"
        if behavior.get("RealtimeLogConfigArn"):
            yield f"{where}: real-time logs (plans keep standard logs)"
        if behavior.get("FieldLevelEncryptionId"):
            yield f"{where}: field-level encryption"
    for origin in config.get("Origins", []):
        if origin.get("S3OriginConfig", {}).get("OriginAccessIdentity"):
            yield f"origin {origin['Id']}: an origin access identity; use origin access control"
    certificate = config.get("ViewerCertificate", {})
    if certificate.get("IamCertificateId"):
        yield "an IAM server certificate; use ACM"
    if certificate.get("SslSupportMethod") == "vip":
        yield "dedicated-IP SSL"
    if config.get("ContinuousDeploymentPolicyId") or config.get("Staging"):
        yield "continuous deployment"
    if config.get("ConnectionMode") == "tenant-only":
        yield "a multi-tenant distribution"


def _shared(config: Mapping[str, Any], others: list[Mapping[str, Any]]) -> Iterator[str]:
    """A plan's distribution keeps its CloudFront Functions and web ACL to itself."""
    functions = {_canonical(a["FunctionARN"]) for a in _function_associations(config)}
    for other in others:
        if functions & {_canonical(a["FunctionARN"]) for a in _function_associations(other)}:
            yield "a CloudFront Function shared with another distribution"
        if "WebACLId" in config and _canonical(other.get("WebACLId")) == _canonical(config["WebACLId"]):
            yield "a web ACL shared with another distribution"


def _function_associations(config: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    behaviors = [config["DefaultCacheBehavior"], *config.get("CacheBehaviors", [])]
    return [a for behavior in behaviors for a in behavior.get("FunctionAssociations", [])]


def _web_acl_problems(acl: Mapping[str, Any]) -> Iterator[str]:
    for node in _walk(acl["Properties"].get("Rules", [])):
        if "Captcha" in node:
            yield "a CAPTCHA action (plans offer Challenge)"
        group = node.get("ManagedRuleGroupStatement")
        if group is None:
            continue
        if group["VendorName"] != "AWS":
            yield f"a partner's managed rule group ({group['VendorName']} {group['Name']})"
        elif group["Name"] in FRAUD_RULE_GROUPS:
            yield f"{group['Name']} (account takeover and fraud prevention)"
        elif group["Name"] == BOT_CONTROL_RULE_GROUP and "TARGETED" in json.dumps(
            group.get("ManagedRuleGroupConfigs", [])
        ):
            yield "targeted Bot Control (plans include the common level only)"


def _walk(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every object inside a template value, nested statements included."""
    if isinstance(value, Mapping):
        yield value
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def _names(value: Any, logical_id: str) -> bool:
    """Whether a template value refers to the resource (a Ref or GetAtt anywhere inside it)."""
    for node in _walk(value):
        attribute = node.get("Fn::GetAtt")
        if isinstance(attribute, str):  # the short form, "LogicalId.Attribute"
            attribute = attribute.split(".")
        if node.get("Ref") == logical_id or (isinstance(attribute, list) and attribute[0] == logical_id):
            return True
    return False


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
