"""The web app on AWS: a private bucket, CloudFront in front of it and of the API, one origin."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from infra.parts.web import PLACEHOLDER_PAGE, SPA_ROUTES_FUNCTION, WEB_DIST, web_source
from tests.infra.conftest import Synthesized

pytestmark = pytest.mark.infra

ALL_VIEWER_HEADERS_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AWS managed policy
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # AWS managed policy


def _web(synth: Synthesized, resource_type: str) -> tuple[str, dict[str, Any]]:
    (logical_id,) = [k for k in synth.of_type(resource_type) if k.startswith("Web")]
    return logical_id, synth.resources[logical_id]["Properties"]


def _distribution(synth: Synthesized) -> dict[str, Any]:
    config: dict[str, Any] = _web(synth, "AWS::CloudFront::Distribution")[1]["DistributionConfig"]
    return config


def _origin(config: dict[str, Any], origin_id: str) -> dict[str, Any]:
    (origin,) = [o for o in config["Origins"] if o["Id"] == origin_id]
    return origin


def _csp(synth: Synthesized) -> str:
    """The app's Content-Security-Policy, with the template's references written as <names>."""
    _, props = _web(synth, "AWS::CloudFront::ResponseHeadersPolicy")
    value = props["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"]
    parts = value["ContentSecurityPolicy"]["Fn::Join"][1]
    return "".join(
        p if isinstance(p, str) else f"<{p.get('Ref') or '.'.join(p['Fn::GetAtt'])}>" for p in parts
    )


def test_the_web_bucket_is_private_and_read_only_by_its_distribution(each_stage: Synthesized) -> None:
    bucket_id, bucket = _web(each_stage, "AWS::S3::Bucket")
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert "LoggingConfiguration" in bucket
    (policy,) = [
        p["Properties"]["PolicyDocument"]
        for p in each_stage.of_type("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    (allow,) = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    distribution_id, _ = _web(each_stage, "AWS::CloudFront::Distribution")
    source = allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Join"][1]
    assert source[-2:] == [":distribution/", {"Ref": distribution_id}]
    (deny,) = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_app_is_served_from_the_bucket_through_origin_access_control(each_stage: Synthesized) -> None:
    config = _distribution(each_stage)
    default = config["DefaultCacheBehavior"]
    origin = _origin(config, default["TargetOriginId"])
    bucket_id, _ = _web(each_stage, "AWS::S3::Bucket")
    assert origin["DomainName"] == {"Fn::GetAtt": [bucket_id, "RegionalDomainName"]}
    access_control_id, access_control = _web(each_stage, "AWS::CloudFront::OriginAccessControl")
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": [access_control_id, "Id"]}
    assert access_control["OriginAccessControlConfig"]["SigningBehavior"] == "always"
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert default["AllowedMethods"] == ["GET", "HEAD"]
    assert config["DefaultRootObject"] == "index.html"


def test_v1_and_docs_go_to_the_api_stage_uncached_with_every_header_but_host(each_stage: Synthesized) -> None:
    config = _distribution(each_stage)
    behaviors = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    assert set(behaviors) == {"/v1/*", "/docs", "/docs/*"}
    for path, behavior in behaviors.items():
        origin = _origin(config, behavior["TargetOriginId"])
        assert origin["DomainName"]["Fn::Join"][1][:2] == [{"Ref": "RestAPI"}, ".execute-api."], path
        assert origin["OriginPath"] == "/api"  # the stage: /v1/me reaches the stage's /v1/me
        assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
        assert behavior["CachePolicyId"] == CACHING_DISABLED, path
        # With caching disabled, this managed policy forwards Authorization and every other viewer
        # header; Host stays API Gateway's own.
        assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_HEADERS_EXCEPT_HOST, path
        assert "POST" in behavior["AllowedMethods"] and "DELETE" in behavior["AllowedMethods"], path
        assert behavior["ViewerProtocolPolicy"] == "https-only", path
        assert "FunctionAssociations" not in behavior, path  # the SPA fallback never touches the API
    # No distribution-wide error pages: an API 404 or 403 stays the API's problem+json.
    assert "CustomErrorResponses" not in config


def test_only_app_routes_fall_back_to_index_html(each_stage: Synthesized) -> None:
    default = _distribution(each_stage)["DefaultCacheBehavior"]
    (association,) = default["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    function_id = association["FunctionARN"]["Fn::GetAtt"][0]
    function = each_stage.resources[function_id]["Properties"]
    assert function["FunctionCode"] == SPA_ROUTES_FUNCTION


@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/", "/index.html"),
        ("/communities/01JCOMMUNITY/posts", "/index.html"),
        ("/assets/index-3f2a.js", "/assets/index-3f2a.js"),
        ("/manifest.webmanifest", "/manifest.webmanifest"),
    ],
)
def test_the_route_function_rewrites_app_routes_and_leaves_files(uri: str, served: str) -> None:
    node = subprocess.run(
        [
            "node",
            "-e",
            SPA_ROUTES_FUNCTION + f"console.log(handler({{request: {{uri: {json.dumps(uri)}}}}}).uri)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert node.stdout.strip() == served


def test_every_response_carries_the_security_headers(each_stage: Synthesized) -> None:
    policy_id, props = _web(each_stage, "AWS::CloudFront::ResponseHeadersPolicy")
    config = _distribution(each_stage)
    for behavior in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
        assert behavior["ResponseHeadersPolicyId"] == {"Ref": policy_id}
    security = props["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    hsts = security["StrictTransportSecurity"]
    assert hsts["AccessControlMaxAgeSec"] >= 31_536_000 and hsts["Override"] is True
    assert security["ContentTypeOptions"] == {"Override": True}
    assert security["FrameOptions"] == {"FrameOption": "DENY", "Override": True}
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"


def test_the_csp_allows_no_inline_script_and_only_the_origins_the_app_talks_to(
    each_stage: Synthesized,
) -> None:
    directives = {
        d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in (part.strip() for part in _csp(each_stage).split(";"))
    }
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert "unsafe" not in _csp(each_stage)
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    media = "https://<MediaDistribution4D42B96F.DomainName>"
    assert directives["img-src"] == f"'self' {media} blob: data:"
    assert directives["media-src"] == f"'self' {media} blob:"
    connect = directives["connect-src"].split(" ")
    assert connect[:2] == ["'self'", "https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>"]
    assert all("MediaBucket" in source for source in connect[2:])  # uploads: presigned POSTs to S3


def test_the_app_is_deployed_from_web_dist_or_a_placeholder(each_stage: Synthesized) -> None:
    (deployment,) = each_stage.of_type("Custom::CDKBucketDeployment").values()
    props = deployment["Properties"]
    bucket_id, _ = _web(each_stage, "AWS::S3::Bucket")
    distribution_id, _ = _web(each_stage, "AWS::CloudFront::Distribution")
    assert props["DestinationBucketName"] == {"Ref": bucket_id}
    assert props["DistributionId"] == {"Ref": distribution_id} and props["DistributionPaths"] == ["/*"]
    assert props["Prune"] is True
    # The built app when web/dist holds one, otherwise the placeholder page: synth works either way.
    built = WEB_DIST / "index.html"
    expected = built.read_text() if built.is_file() else PLACEHOLDER_PAGE
    pages = [p.read_text() for p in each_stage.outdir.glob("asset.*/index.html")]
    assert expected in pages


def test_the_outputs_give_the_app_url(each_stage: Synthesized) -> None:
    distribution_id, _ = _web(each_stage, "AWS::CloudFront::Distribution")
    app_url = each_stage.template["Outputs"]["AppUrl"]["Value"]
    assert app_url == {"Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution_id, "DomainName"]}, "/"]]}


def test_synth_deploys_the_built_app_when_there_is_one(tmp_path: Path) -> None:
    from aws_cdk import App, Stack
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_s3_deployment as s3deploy

    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>built</title>")
    (dist / "assets" / "app-1f2e.js").write_text("export {}")
    app = App(outdir=str(tmp_path / "out"))
    stack = Stack(app, "Web")
    for name, source in (("Built", dist), ("Missing", tmp_path / "not-built")):
        s3deploy.BucketDeployment(
            stack, name, sources=[web_source(source)], destination_bucket=s3.Bucket(stack, f"{name}Bucket")
        )
    assets = Path(app.synth().directory)
    built = [p for p in assets.glob("asset.*") if (p / "assets" / "app-1f2e.js").is_file()]
    assert built and (built[0] / "index.html").read_text() == "<!doctype html><title>built</title>"
    assert PLACEHOLDER_PAGE in [p.read_text() for p in assets.glob("asset.*/index.html")]
