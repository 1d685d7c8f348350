"""The web app on AWS: a private bucket, CloudFront in front of it and of the API, one origin."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from chalicelib import definitions
from infra.parts.web import (
    API_DOCS,
    PLACEHOLDER_PAGE,
    SPA_ROUTES_FUNCTION,
    WEB_DIST,
    security_headers_behavior,
    web_source,
)
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


def _written(value: Any) -> str:
    """A template value as text, its references written as <names>."""
    if isinstance(value, str):
        return value
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(_written(p) for p in parts)
    return f"<{value.get('Ref') or '.'.join(value['Fn::GetAtt'])}>"


def _security_headers(synth: Synthesized) -> dict[str, str]:
    """The headers the response headers policy sends, as a browser would read them (each one
    overriding whatever the origin sent)."""
    _, props = _web(synth, "AWS::CloudFront::ResponseHeadersPolicy")
    config = props["ResponseHeadersPolicyConfig"]
    assert "CustomHeadersConfig" not in config and "RemoveHeadersConfig" not in config
    security = config["SecurityHeadersConfig"]
    assert all(header["Override"] is True for header in security.values())
    hsts = security["StrictTransportSecurity"]
    return {
        "Content-Security-Policy": _written(security["ContentSecurityPolicy"]["ContentSecurityPolicy"]),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
        "Strict-Transport-Security": "; ".join(
            [f"max-age={hsts['AccessControlMaxAgeSec']}"]
            + (["includeSubDomains"] if hsts.get("IncludeSubdomains") else [])
            + (["preload"] if hsts.get("Preload") else [])
        ),
    }


def _csp(synth: Synthesized) -> str:
    return _security_headers(synth)["Content-Security-Policy"]


def _deployments(synth: Synthesized) -> dict[str, dict[str, Any]]:
    """The web bucket's deployments by key prefix ('' for the app)."""
    return {
        d["Properties"].get("DestinationBucketKeyPrefix", ""): d["Properties"]
        for d in synth.of_type("Custom::CDKBucketDeployment").values()
    }


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


def test_only_v1_goes_to_the_api_functions_url_uncached_with_every_header_but_host(
    each_stage: Synthesized,
) -> None:
    config = _distribution(each_stage)
    behaviors = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    assert set(behaviors) == {"/v1/*"}  # /docs is a page in the bucket, not the API's
    behavior = behaviors["/v1/*"]
    origin = _origin(config, behavior["TargetOriginId"])
    (url_id,) = each_stage.of_type("AWS::Lambda::Url")
    # The URL's host (https://<id>.lambda-url.<region>.on.aws/ split on "/"), with no path: /v1/me is /v1/me.
    assert origin["DomainName"]["Fn::Select"] == [
        2,
        {"Fn::Split": ["/", {"Fn::GetAtt": [url_id, "FunctionUrl"]}]},
    ]
    assert "OriginPath" not in origin or origin["OriginPath"] == ""
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    # Signed by CloudFront on every request, the viewer's Authorization (the bearer token) kept.
    access = each_stage.resources[origin["OriginAccessControlId"]["Fn::GetAtt"][0]]["Properties"]
    config_of_access = access["OriginAccessControlConfig"]
    assert config_of_access["OriginAccessControlOriginType"] == "lambda"
    assert config_of_access["SigningBehavior"] == "always-amz-auth"
    assert config_of_access["SigningProtocol"] == "sigv4"
    assert behavior["CachePolicyId"] == CACHING_DISABLED
    # With caching disabled, this managed policy forwards Authorization, x-amz-content-sha256 and
    # every other viewer header; Host stays the function URL's own.
    assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_HEADERS_EXCEPT_HOST
    assert "POST" in behavior["AllowedMethods"] and "DELETE" in behavior["AllowedMethods"]
    assert behavior["ViewerProtocolPolicy"] == "https-only"
    assert "FunctionAssociations" not in behavior  # the SPA fallback never touches the API
    # No distribution-wide error pages: an API 404 or 403 stays the API's problem+json.
    assert "CustomErrorResponses" not in config


def test_the_api_hands_out_urls_at_the_distributions_root(each_stage: Synthesized) -> None:
    # The API's URLs start at the distribution's root; a custom origin header replaces any value a
    # viewer sends.
    config = _distribution(each_stage)
    (behavior,) = config["CacheBehaviors"]
    origin = _origin(config, behavior["TargetOriginId"])
    assert origin["OriginCustomHeaders"] == [
        {"HeaderName": definitions.PUBLIC_PREFIX_HEADER, "HeaderValue": "/"}
    ]
    bucket_origin = _origin(config, config["DefaultCacheBehavior"]["TargetOriginId"])
    assert "OriginCustomHeaders" not in bucket_origin


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
        ("/docs", "/docs/index.html"),
        ("/docs/", "/docs/index.html"),
        ("/docs/reference.js", "/docs/reference.js"),
        ("/docs/reference.css", "/docs/reference.css"),
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


def test_every_response_carries_the_headers_the_local_server_sends(each_stage: Synthesized) -> None:
    policy_id, _ = _web(each_stage, "AWS::CloudFront::ResponseHeadersPolicy")
    config = _distribution(each_stage)
    for behavior in [config["DefaultCacheBehavior"], *config["CacheBehaviors"]]:
        assert behavior["ResponseHeadersPolicyId"] == {"Ref": policy_id}
    sent = _security_headers(each_stage)
    assert sent == definitions.web_security_headers(sent["Content-Security-Policy"], https=True)
    assert sent["Strict-Transport-Security"].startswith("max-age=63072000")  # two years, over HTTPS


def test_a_web_header_cloudfront_could_not_send_stops_the_synth() -> None:
    csp = definitions.web_content_security_policy()
    without_hsts = definitions.web_security_headers(csp, https=False)
    with pytest.raises(ValueError, match="security headers"):
        security_headers_behavior(without_hsts)
    with pytest.raises(ValueError, match="security headers"):
        security_headers_behavior({**definitions.web_security_headers(csp, https=True), "X-Extra": "1"})


def test_the_csp_is_the_apps_with_this_stages_media_cognito_and_upload_origins(
    each_stage: Synthesized,
) -> None:
    (media_bucket,) = [k for k in each_stage.of_type("AWS::S3::Bucket") if k.startswith("MediaBucket")]
    assert _csp(each_stage) == definitions.web_content_security_policy(
        media_origins=("https://<MediaDistribution4D42B96F.DomainName>",),
        connect_origins=(
            "https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>",
            # boto3 presigns uploads to the bucket's global name; S3 may redirect a new bucket's
            # requests to its regional name.
            f"https://<{media_bucket}>.s3.<AWS::URLSuffix>",
            f"https://<{media_bucket}.RegionalDomainName>",
        ),
    )
    directives = {
        d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in (part.strip() for part in _csp(each_stage).split(";"))
    }
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert "unsafe" not in _csp(each_stage)
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_the_app_is_deployed_from_web_dist_or_a_placeholder(each_stage: Synthesized) -> None:
    props = _deployments(each_stage)[""]
    bucket_id, _ = _web(each_stage, "AWS::S3::Bucket")
    distribution_id, _ = _web(each_stage, "AWS::CloudFront::Distribution")
    assert props["DestinationBucketName"] == {"Ref": bucket_id}
    assert props["DistributionId"] == {"Ref": distribution_id} and props["DistributionPaths"] == ["/*"]
    # Each deploy removes what the new build no longer has, but never the reference page nor the
    # hashed files (their own deployment's).
    assert props["Prune"] is True and props["Exclude"] == ["docs/*", "assets/*"]
    # The built app when web/dist holds one, otherwise the placeholder page: synth works either way.
    built = WEB_DIST / "index.html"
    expected = built.read_text() if built.is_file() else PLACEHOLDER_PAGE
    pages = [p.read_text() for p in each_stage.outdir.glob("asset.*/index.html")]
    assert expected in pages


def test_browsers_keep_the_hashed_files_for_good_and_revalidate_the_others_as_the_local_server_says(
    each_stage: Synthesized,
) -> None:
    # A returning member's session then asks for index.html and sw.js only (304s while unchanged):
    # tests/e2e/web/test_returning_session.py counts it against the local server, which sends these.
    deployments = _deployments(each_stage)
    assert "max-age=0" in definitions.WEB_CACHE_CONTROL and "must-revalidate" in definitions.WEB_CACHE_CONTROL
    assert deployments[""]["SystemMetadata"] == {"cache-control": definitions.WEB_CACHE_CONTROL}
    assert deployments["docs/"]["SystemMetadata"] == {"cache-control": definitions.WEB_CACHE_CONTROL}
    if not (WEB_DIST / "assets").is_dir():  # a synth without a build deploys the placeholder alone
        assert "assets/" not in deployments
        return
    hashed = deployments["assets/"]
    assert hashed["SystemMetadata"] == {"cache-control": "public, max-age=31536000, immutable"}
    assert hashed["DestinationBucketName"] == deployments[""]["DestinationBucketName"]
    # Earlier versions' files stay for a page of the version before (an open tab, the edge's copy).
    assert hashed["Prune"] is False
    # The new files are in the bucket before the index.html that names them.
    (app_id,) = [
        k
        for k, d in each_stage.of_type("Custom::CDKBucketDeployment").items()
        if "DestinationBucketKeyPrefix" not in d["Properties"]
    ]
    (hashed_id,) = [
        k
        for k, d in each_stage.of_type("Custom::CDKBucketDeployment").items()
        if d["Properties"].get("DestinationBucketKeyPrefix") == "assets/"
    ]
    assert hashed_id in each_stage.resources[app_id].get("DependsOn", [])


def test_the_api_reference_page_is_deployed_beside_the_app(each_stage: Synthesized) -> None:
    props = _deployments(each_stage)["docs/"]
    bucket_id, _ = _web(each_stage, "AWS::S3::Bucket")
    distribution_id, _ = _web(each_stage, "AWS::CloudFront::Distribution")
    assert props["DestinationBucketName"] == {"Ref": bucket_id}
    assert props["DistributionId"] == {"Ref": distribution_id} and props["DistributionPaths"] == ["/docs/*"]
    # Its asset is docs/api as it is in the repository: the page, its script and its style.
    shipped = {p.name for p in API_DOCS.iterdir() if p.is_file()}
    assert shipped >= {"index.html", "reference.js", "reference.css"}
    assets = [
        directory
        for directory in each_stage.outdir.glob("asset.*")
        if directory.is_dir() and {p.name for p in directory.iterdir()} == shipped
    ]
    assert assets, "no asset holds the API reference page's files"
    for name in shipped:
        assert (assets[0] / name).read_bytes() == (API_DOCS / name).read_bytes()
    # The page loads its files by absolute path, under the prefix the bucket keeps them in.
    page = (API_DOCS / "index.html").read_text()
    assert 'src="/docs/reference.js"' in page and 'href="/docs/reference.css"' in page


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
