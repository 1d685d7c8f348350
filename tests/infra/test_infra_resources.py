"""The synthesized template declares what chalicelib/definitions.py and the app need."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from chalicelib import definitions, entry
from chalicelib.errors import PROBLEM_TYPE_BASE
from chalicelib.reactors.events.registry import stream_filter_patterns
from infra import permissions
from infra.permissions import API_FUNCTION, FUNCTION_ACCESS, STREAM_FUNCTION
from infra.settings import StageSettings
from tests.infra.conftest import ALARM_EMAIL, Synthesized

pytestmark = pytest.mark.infra


def _single(synth: Synthesized, resource_type: str) -> tuple[str, dict[str, Any]]:
    ((key, value),) = synth.of_type(resource_type).items()
    return key, value


def _single_edge(synth: Synthesized, resource_type: str) -> tuple[str, dict[str, Any]]:
    ((key, value),) = synth.edge_of_type(resource_type).items()
    return key, value


def _only(synth: Synthesized, resource_type: str) -> dict[str, Any]:
    found = synth.of_type(resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {sorted(found)}"
    return next(iter(found.values()))


def _table(synth: Synthesized) -> dict[str, Any]:
    table: dict[str, Any] = synth.resources[definitions.TABLE_LOGICAL_NAME]
    return table


def _functions(synth: Synthesized) -> dict[str, dict[str, Any]]:
    """Each function's properties by its name in app.py (`api_handler`: the API)."""
    return synth.functions


# ---------------------------------------------------------------- table
def test_table_is_built_from_the_same_definition(each_stage: Synthesized) -> None:
    props = _table(each_stage)["Properties"]
    table = definitions.TABLE
    assert props["KeySchema"] == table["KeySchema"]
    assert props["AttributeDefinitions"] == table["AttributeDefinitions"]
    assert props["GlobalSecondaryIndexes"] == table["GlobalSecondaryIndexes"]
    assert props["BillingMode"] == table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["StreamSpecification"]["StreamEnabled"]
    assert props["StreamSpecification"] == {"StreamViewType": table["StreamSpecification"]["StreamViewType"]}
    assert props["TimeToLiveSpecification"] == table["TimeToLiveSpecification"]
    assert props["TimeToLiveSpecification"]["AttributeName"] == definitions.TTL_ATTRIBUTE
    assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert props["SSESpecification"] == {"SSEEnabled": True, "SSEType": "KMS"}


def test_prod_table_is_protected_and_retained(prod: Synthesized, dev: Synthesized) -> None:
    table = _table(prod)
    assert table["Properties"]["DeletionProtectionEnabled"] is True
    assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
    assert _table(dev)["Properties"]["DeletionProtectionEnabled"] is False


# --------------------------------------------------------------- bucket
def _media_bucket(synth: Synthesized) -> tuple[str, dict[str, Any]]:
    buckets = {k: v for k, v in synth.of_type("AWS::S3::Bucket").items() if k.startswith("MediaBucket")}
    assert len(buckets) == 1
    return next(iter(buckets.items()))


def test_media_bucket_is_private_encrypted_versioned(dev: Synthesized) -> None:
    _, bucket = _media_bucket(dev)
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    sse = props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    assert sse["SSEAlgorithm"] in {"AES256", "aws:kms"}
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["NotificationConfiguration"] == {"EventBridgeConfiguration": {"EventBridgeEnabled": True}}
    assert props["LoggingConfiguration"]["DestinationBucketName"]["Ref"].startswith("AccessLogBucket")
    rules = props["LifecycleConfiguration"]["Rules"]
    assert any("NoncurrentVersionExpiration" in rule for rule in rules)


def test_media_bucket_cors_comes_from_definitions(dev: Synthesized) -> None:
    _, bucket = _media_bucket(dev)
    rules = bucket["Properties"]["CorsConfiguration"]["CorsRules"]
    expected = [
        {
            "AllowedMethods": rule["AllowedMethods"],
            "AllowedOrigins": rule["AllowedOrigins"],
            "AllowedHeaders": rule["AllowedHeaders"],
            "ExposedHeaders": rule["ExposeHeaders"],
            "MaxAge": rule["MaxAgeSeconds"],
        }
        for rule in definitions.MEDIA_BUCKET_CORS
    ]
    assert rules == expected


def test_every_bucket_refuses_plain_http(dev: Synthesized) -> None:
    buckets = set(dev.of_type("AWS::S3::Bucket"))
    policies = dev.of_type("AWS::S3::BucketPolicy").values()
    tls_only = {
        p["Properties"]["Bucket"]["Ref"]
        for p in policies
        for s in p["Properties"]["PolicyDocument"]["Statement"]
        if s["Effect"] == "Deny" and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
    }
    assert tls_only == buckets


# ------------------------------------------------------------- cognito
def test_user_pool_follows_definitions(each_stage: Synthesized) -> None:
    props = _only(each_stage, "AWS::Cognito::UserPool")["Properties"]
    pool = definitions.USER_POOL
    assert props["UsernameAttributes"] == pool["UsernameAttributes"] == ["email"]
    assert props["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": True}
    assert props["Policies"] == pool["Policies"]
    assert props["Schema"] == pool["Schema"]
    assert any(attr["Name"] == definitions.ORG_ATTRIBUTE for attr in props["Schema"])
    groups = {
        g["Properties"]["GroupName"] for g in each_stage.of_type("AWS::Cognito::UserPoolGroup").values()
    }
    assert groups == set(definitions.ROLE_GROUPS) == {"learner", "mentor", "community_manager", "org_admin"}


def test_app_client_cannot_write_the_organisation(each_stage: Synthesized) -> None:
    props = _only(each_stage, "AWS::Cognito::UserPoolClient")["Properties"]
    assert f"custom:{definitions.ORG_ATTRIBUTE}" not in props["WriteAttributes"]
    assert f"custom:{definitions.ORG_ATTRIBUTE}" in props["ReadAttributes"]
    assert props["GenerateSecret"] is False
    assert set(props["ExplicitAuthFlows"]) == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }
    for key in ("IdTokenValidity", "AccessTokenValidity", "RefreshTokenValidity", "TokenValidityUnits"):
        assert props[key] == definitions.USER_POOL_CLIENT[key]


# ------------------------------------------------------------ functions
def test_every_handler_is_a_python312_function(dev: Synthesized) -> None:
    functions = _functions(dev)
    assert "refresh_leaderboards" not in functions  # boards are kept by the stream, not polled
    assert set(functions) >= {
        "api_handler",
        "on_table_change",
        "on_media_uploaded",
        "nightly_member_counts",
        "sweep_campaigns",
        "run_scheduled_job",
    }
    for props in functions.values():
        assert props["Runtime"] == "python3.12"
        assert props["Tracing"] == "PassThrough"  # dev does not trace (see test_observability_settings)
        assert props["FunctionName"].startswith("Kring-dev-")


def test_every_function_but_the_api_runs_its_lean_entry(each_stage: Synthesized) -> None:
    """A cold stream consumer or job loads its entry in chalicelib/entry, not app.py (Chalice and the
    API's route index); the local stack calls the same entries (local/handlers.py)."""
    functions = _functions(each_stage)
    assert functions.pop("api_handler")["Handler"] == "app.app"
    assert {name: props["Handler"] for name, props in functions.items()} == entry.HANDLERS


def test_functions_get_the_settings_the_app_reads(dev: Synthesized) -> None:
    for props in _functions(dev).values():
        env = props["Environment"]["Variables"]
        assert env["KRING_STAGE"] == "dev"
        assert env["LOG_LEVEL"] == "DEBUG"
        assert env["POWERTOOLS_SERVICE_NAME"] == "kring"
        assert env["KRING_TABLE"] == {"Ref": definitions.TABLE_LOGICAL_NAME}
        assert env["KRING_TABLE_STREAM_ARN"] == {"Fn::GetAtt": [definitions.TABLE_LOGICAL_NAME, "StreamArn"]}
        assert env["KRING_MEDIA_BUCKET"]["Ref"].startswith("MediaBucket")
        assert env["KRING_USER_POOL_ID"] == {"Ref": "UserPool"}
        assert env["KRING_USER_POOL_CLIENT_ID"] == {"Ref": "UserPoolClient"}
        assert env["KRING_CURSOR_SECRET_ID"]["Ref"].startswith("CursorSecret")  # its ARN, not its value
        distribution_id = next(iter(dev.of_type("AWS::CloudFront::Distribution")))
        assert env["KRING_MEDIA_CDN_URL"] == {
            "Fn::Join": ["", ["https://", {"Fn::GetAtt": [distribution_id, "DomainName"]}]]
        }
        assert env["KRING_MEDIA_CDN_KEY_PAIR_ID"] == {"Ref": _public_key_id(dev)}
        assert env["KRING_MEDIA_CDN_SIGNING_KEY_SECRET_ID"] == "kring-dev/media-url-signing-key"  # a name
        assert "KRING_CURSOR_SECRET" not in env
        assert "resolve:secretsmanager" not in json.dumps(env)
        assert int(env["KRING_ORG_REQUESTS_PER_MINUTE"]) > 0
        for key in ("KRING_SCHEDULER_ROLE_ARN", "KRING_SCHEDULER_TARGET_ARN", "KRING_SCHEDULER_DLQ_ARN"):
            assert key in env
        assert "Kring-dev-run_scheduled_job" in str(env["KRING_SCHEDULER_TARGET_ARN"])


def test_the_app_knows_the_api_functions_timeout(each_stage: Synthesized) -> None:
    """Idempotency claims expire after the API function's timeout: the app must read the deployed one."""
    functions = _functions(each_stage)
    timeout = functions["api_handler"]["Timeout"]
    assert timeout == definitions.API_TIMEOUT_SECONDS
    for props in functions.values():
        assert props["Environment"]["Variables"]["KRING_API_TIMEOUT_SECONDS"] == str(timeout)


def test_prod_logs_at_info(prod: Synthesized) -> None:
    for props in _functions(prod).values():
        assert props["Environment"]["Variables"]["LOG_LEVEL"] == "INFO"
        assert props["Environment"]["Variables"]["KRING_STAGE"] == "prod"


def test_stage_environment_reaches_the_event_sources(dev: Synthesized) -> None:
    """app.py reads the stream ARN and bucket name at import: chalice must have seen the tokens."""
    functions = _functions(dev)
    stream = functions["on_table_change"]["Events"]
    (source,) = stream.values()
    assert source["Type"] == "DynamoDB"
    assert source["Properties"]["Stream"] == {"Fn::GetAtt": [definitions.TABLE_LOGICAL_NAME, "StreamArn"]}
    media = functions["on_media_uploaded"]["Events"]
    (rule,) = media.values()
    assert rule["Type"] == "CloudWatchEvent"
    pattern = rule["Properties"]["Pattern"]
    assert pattern["source"] == ["aws.s3"] and pattern["detail-type"] == ["Object Created"]
    (bucket_ref,) = pattern["detail"]["bucket"]["name"]
    assert bucket_ref["Ref"] == _media_bucket(dev)[0]
    (schedule,) = functions["nightly_member_counts"]["Events"].values()
    assert schedule["Type"] == "Schedule"


def test_stream_source_has_the_reliability_options(each_stage: Synthesized) -> None:
    (source,) = _functions(each_stage)["on_table_change"]["Events"].values()
    props = source["Properties"]
    assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert props["BisectBatchOnFunctionError"] is True
    assert props["MaximumRetryAttempts"] == 5
    assert props["MaximumRecordAgeInSeconds"] == 3600
    # Only records a mapper reads invoke the consumer (the local poller filters the same way).
    patterns = [json.loads(f["Pattern"]) for f in props["FilterCriteria"]["Filters"]]
    assert patterns == [json.loads(p) for p in stream_filter_patterns()]
    assert {image for p in patterns for image in p["dynamodb"]} == {"NewImage", "OldImage"}
    assert len(patterns) <= 5  # Lambda's quota of filters per event source mapping
    destination = props["DestinationConfig"]["OnFailure"]
    assert destination["Type"] == "SQS"
    queue = each_stage.resources[destination["Destination"]["Fn::GetAtt"][0]]
    assert queue["Type"] == "AWS::SQS::Queue"
    assert queue["Properties"]["SqsManagedSseEnabled"] is True


def test_every_function_has_a_log_group_with_retention(dev: Synthesized) -> None:
    groups = {g["Properties"].get("LogGroupName"): g for g in dev.of_type("AWS::Logs::LogGroup").values()}
    for props in _functions(dev).values():
        group = groups[f"/aws/lambda/{props['FunctionName']}"]
        assert group["Properties"]["RetentionInDays"] > 0


# ---------------------------------------------------------------- IAM
def _statements(synth: Synthesized) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for logical_id, resource in synth.resources.items():
        props = resource.get("Properties", {})
        if resource["Type"] in {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}:
            docs = [props["PolicyDocument"]]
        elif resource["Type"] == "AWS::IAM::Role":
            docs = [p["PolicyDocument"] for p in props.get("Policies", [])]
        else:
            continue
        found += [(logical_id, s) for doc in docs for s in doc["Statement"]]
    return found


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


# Actions that have no resource-level permissions (acknowledged in cdk-nag with the same reason).
RESOURCE_STAR_ALLOWED = {"xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:ListStreams"}
# The CDK's own BucketDeployment handler (it copies the web app while the stack deploys) invalidates
# the web distribution with a policy the CDK writes on "*".
DEPLOYMENT_HANDLER = "CustomCDKBucketDeployment"
DEPLOYMENT_HANDLER_STAR = {"cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"}


def test_no_statement_allows_scan_or_wildcards(each_stage: Synthesized) -> None:
    statements = _statements(each_stage)
    assert statements
    for logical_id, statement in statements:
        if statement["Effect"] != "Allow":
            continue
        actions = _as_list(statement["Action"])
        assert not any(a.lower() == "dynamodb:scan" for a in actions), logical_id
        assert not any(a == "*" or a.endswith(":*") for a in actions), (logical_id, actions)
        if "*" in _as_list(statement["Resource"]):
            allowed = (
                DEPLOYMENT_HANDLER_STAR
                if logical_id.startswith(DEPLOYMENT_HANDLER)
                else RESOURCE_STAR_ALLOWED
            )
            assert set(actions) <= allowed, (logical_id, actions)


def _function_roles(synth: Synthesized) -> dict[str, str]:
    """Each function's role (logical id), by Chalice name."""
    return {
        props["FunctionName"].removeprefix(f"Kring-{synth.stage}-"): props["Role"]["Fn::GetAtt"][0]
        for props in _functions(synth).values()
    }


def _allowed_by_role(synth: Synthesized, role_id: str) -> list[dict[str, Any]]:
    """The Allow statements of the policies attached to one role."""
    statements: list[dict[str, Any]] = []
    for resource in synth.resources.values():
        props = resource.get("Properties", {})
        attached = resource["Type"] in {"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"}
        if attached and {"Ref": role_id} in props.get("Roles", []):
            statements += [s for s in props["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]
    return statements


def _actions(statements: list[dict[str, Any]]) -> set[str]:
    return {action for s in statements for action in _as_list(s["Action"])}


def test_each_function_has_a_role_of_its_own_that_only_lambda_assumes(each_stage: Synthesized) -> None:
    roles = _function_roles(each_stage)
    assert set(roles) == set(FUNCTION_ACCESS)
    assert len(set(roles.values())) == len(roles)
    for name, role_id in roles.items():
        role = each_stage.resources[role_id]
        assert role["Type"] == "AWS::IAM::Role", name
        (trust,) = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
        assert trust["Principal"] == {"Service": "lambda.amazonaws.com"}, name
        assert not role["Properties"].get("ManagedPolicyArns"), name


def test_each_role_allows_exactly_what_its_function_uses(each_stage: Synthesized) -> None:
    everyone = {"logs:CreateLogStream", "logs:PutLogEvents"}
    if each_stage.traced:  # X-Ray segments only where the stage traces
        everyone |= {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
    for name, role_id in _function_roles(each_stage).items():
        declared = {action for actions in FUNCTION_ACCESS[name].values() for action in actions}
        if name == STREAM_FUNCTION:
            declared.add("dynamodb:ListStreams")
        assert _actions(_allowed_by_role(each_stage, role_id)) == declared | everyone, name


def test_only_the_api_administers_users_and_reads_the_cursor_secret_and_signing_key(dev: Synthesized) -> None:
    for name, role_id in _function_roles(dev).items():
        statements = _allowed_by_role(dev, role_id)
        services = {action.split(":")[0] for action in _actions(statements)}
        if name == API_FUNCTION:
            cursor, signing = [
                s for s in statements if "secretsmanager:GetSecretValue" in _as_list(s["Action"])
            ]
            assert _as_list(cursor["Resource"]) == [
                {"Ref": next(k for k in dev.resources if k.startswith("CursorSecret"))}
            ]
            (key_arn,) = _as_list(signing["Resource"])
            # The secret infra.deploy made: its name and the six characters Secrets Manager appends.
            assert key_arn["Fn::Join"][1][-1] == ":secret:kring-dev/media-url-signing-key-??????"
            assert "cognito-idp" in services
        else:
            assert not services & {"cognito-idp", "secretsmanager"}, name


def test_the_stream_consumer_and_the_jobs_touch_only_what_they_use(dev: Synthesized) -> None:
    roles = _function_roles(dev)
    consumer = _actions(_allowed_by_role(dev, roles[STREAM_FUNCTION]))
    assert "dynamodb:GetRecords" in consumer and "sqs:SendMessage" in consumer
    assert not any(a.startswith(("s3:", "cognito-idp:", "secretsmanager:")) for a in consumer)
    # Schedules: an organisation's first refresher makes its daily reminder schedule (and passes the
    # scheduler's role to it), nothing else.
    assert {a for a in consumer if a.startswith(("scheduler:", "iam:"))} <= {
        "scheduler:CreateSchedule",
        "scheduler:UpdateSchedule",
        "scheduler:DeleteSchedule",
        "iam:PassRole",
    }
    actions = _actions(_allowed_by_role(dev, roles["nightly_member_counts"]))
    assert not any(a.startswith(("s3:", "scheduler:", "iam:", "sqs:")) for a in actions)
    assert not actions & {"dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:GetRecords"}
    media = _actions(_allowed_by_role(dev, roles[permissions.MEDIA_FUNCTION]))
    assert {a for a in media if a.startswith("s3:")} == {"s3:GetObject", "s3:DeleteObject"}
    job = _actions(_allowed_by_role(dev, roles[permissions.SCHEDULED_JOB_FUNCTION]))
    assert {a for a in job if a.startswith("s3:")} == {"s3:DeleteObject"}  # a removed post's media
    only_the_consumer = {"dynamodb:GetRecords", "dynamodb:GetShardIterator", "sqs:SendMessage"}
    for name, role_id in roles.items():
        if name != STREAM_FUNCTION:
            assert not _actions(_allowed_by_role(dev, role_id)) & only_the_consumer, name


def test_media_and_index_access_is_scoped(dev: Synthesized) -> None:
    for name, role_id in _function_roles(dev).items():
        for statement in _allowed_by_role(dev, role_id):
            actions = _as_list(statement["Action"])
            if any(a.startswith("s3:") for a in actions):
                (resource,) = _as_list(statement["Resource"])
                assert resource["Fn::Join"][1][-1] == f"/{definitions.MEDIA_KEY_PREFIX}*", name
            if "iam:PassRole" in actions:
                assert statement["Condition"] == {
                    "StringEquals": {"iam:PassedToService": "scheduler.amazonaws.com"}
                }, name


def test_functions_may_use_what_the_app_uses(dev: Synthesized) -> None:
    actions = {a for _, s in _statements(dev) if s["Effect"] == "Allow" for a in _as_list(s["Action"])}
    assert {
        "dynamodb:Query",
        "dynamodb:UpdateItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:GetRecords",
        "s3:GetObject",
        "s3:PutObject",
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminAddUserToGroup",
        "scheduler:CreateSchedule",
        "iam:PassRole",
        "lambda:InvokeFunction",
    } <= actions


def test_scheduler_role_is_for_the_scheduler_only(dev: Synthesized) -> None:
    Template.from_json(dev.template).has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [Match.object_like({"Principal": {"Service": "scheduler.amazonaws.com"}})]
            }
        },
    )


# ---------------------------------------------------------------- media distribution
def _public_key_id(synth: Synthesized) -> str:
    (key_id,) = synth.of_type("AWS::CloudFront::PublicKey")
    return key_id


def _distribution(synth: Synthesized) -> tuple[str, dict[str, Any]]:
    """The media distribution (the web app has its own: tests/infra/test_web_hosting.py)."""
    (logical_id,) = [k for k in synth.of_type("AWS::CloudFront::Distribution") if k.startswith("Media")]
    return logical_id, synth.resources[logical_id]["Properties"]["DistributionConfig"]


def _media(synth: Synthesized, resource_type: str) -> str:
    """The logical id of the media distribution's one resource of a type."""
    (logical_id,) = [k for k in synth.of_type(resource_type) if k.startswith("Media")]
    return logical_id


def test_media_is_downloaded_through_a_distribution_for_signed_urls_only(each_stage: Synthesized) -> None:
    _, config = _distribution(each_stage)
    behavior = config["DefaultCacheBehavior"]
    (key_group_id,) = each_stage.of_type("AWS::CloudFront::KeyGroup")
    assert behavior["TrustedKeyGroups"] == [{"Ref": key_group_id}]
    key_group = each_stage.resources[key_group_id]["Properties"]["KeyGroupConfig"]
    assert key_group["Items"] == [{"Ref": _public_key_id(each_stage)}]
    assert behavior["ViewerProtocolPolicy"] == "https-only"  # a signed URL never travels in the clear
    assert behavior["AllowedMethods"] == ["GET", "HEAD"]
    policy_id = _media(each_stage, "AWS::CloudFront::ResponseHeadersPolicy")
    assert behavior["ResponseHeadersPolicyId"] == {"Ref": policy_id}
    (origin,) = config["Origins"]
    bucket_id, _ = _media_bucket(each_stage)
    assert origin["DomainName"] == {"Fn::GetAtt": [bucket_id, "RegionalDomainName"]}
    access_control_id = _media(each_stage, "AWS::CloudFront::OriginAccessControl")
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": [access_control_id, "Id"]}
    access_control = each_stage.resources[access_control_id]["Properties"]["OriginAccessControlConfig"]
    assert (access_control["OriginAccessControlOriginType"], access_control["SigningBehavior"]) == (
        "s3",
        "always",
    )
    assert config["Logging"]["Bucket"]["Fn::GetAtt"][0].startswith("MediaDistributionLogBucket")


def test_the_response_headers_policy_says_what_the_local_distribution_says(each_stage: Synthesized) -> None:
    """definitions.MEDIA_RESPONSE_HEADERS is also what local/media_cdn.py sends (tests/integration/local)."""
    policy = each_stage.resources[_media(each_stage, "AWS::CloudFront::ResponseHeadersPolicy")]
    config = policy["Properties"]["ResponseHeadersPolicyConfig"]
    security = config["SecurityHeadersConfig"]
    declared: dict[str, str] = {}
    if "ContentTypeOptions" in security:
        assert security["ContentTypeOptions"]["Override"] is True
        declared["X-Content-Type-Options"] = "nosniff"  # the only value CloudFront sends
    if "ContentSecurityPolicy" in security:
        assert security["ContentSecurityPolicy"]["Override"] is True
        declared["Content-Security-Policy"] = security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    for header in config.get("CustomHeadersConfig", {}).get("Items", []):
        assert header["Override"] is True
        declared[header["Header"]] = header["Value"]
    assert set(security) <= {"ContentTypeOptions", "ContentSecurityPolicy"}
    assert declared == definitions.MEDIA_RESPONSE_HEADERS
    assert declared["X-Content-Type-Options"] == "nosniff"


def test_the_key_group_trusts_the_stages_own_public_key(prod: Synthesized, dev: Synthesized) -> None:
    for synth in (prod, dev):
        key = synth.resources[_public_key_id(synth)]["Properties"]["PublicKeyConfig"]
        assert key["EncodedKey"] == synth.media_public_key.strip()
    assert prod.media_public_key != dev.media_public_key  # dev synthesized offline: the example key


def test_only_the_distribution_reads_the_private_bucket(each_stage: Synthesized) -> None:
    bucket_id, _ = _media_bucket(each_stage)
    distribution_id, _ = _distribution(each_stage)
    (policy,) = [
        p["Properties"]["PolicyDocument"]
        for p in each_stage.of_type("AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": bucket_id}
    ]
    (allow,) = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    assert allow["Resource"]["Fn::Join"][1][-1] == f"/{definitions.MEDIA_KEY_PREFIX}*"
    source = allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Join"][1]
    assert source[-2:] == [":distribution/", {"Ref": distribution_id}]


# --------------------------------------------------------------- API
def test_the_rest_api_chalice_generates_answers_nobody(each_stage: Synthesized) -> None:
    """Its execute-api endpoint is off and it has no custom domain: CloudFront and its web ACL are
    the only way in (to the API function's URL)."""
    api = each_stage.resources["RestAPI"]["Properties"]
    assert api["DisableExecuteApiEndpoint"] is True
    assert each_stage.of_type("AWS::ApiGateway::DomainName") == {}
    assert each_stage.of_type("AWS::WAFv2::WebACLAssociation") == {}


def test_only_the_web_distribution_may_invoke_the_api_functions_url(each_stage: Synthesized) -> None:
    (url_id, url) = _single(each_stage, "AWS::Lambda::Url")
    assert url["Properties"]["AuthType"] == "AWS_IAM"
    assert url["Properties"]["TargetFunctionArn"] == {"Fn::GetAtt": ["APIHandler", "Arn"]}
    (distribution_id,) = [
        key
        for key, value in each_stage.of_type("AWS::CloudFront::Distribution").items()
        if "API" in value["Properties"]["DistributionConfig"]["Comment"]
    ]
    granted = [
        p["Properties"]
        for p in each_stage.of_type("AWS::Lambda::Permission").values()
        if p["Properties"]["FunctionName"] == {"Fn::GetAtt": [url_id, "FunctionArn"]}
    ]
    # Function URLs take both actions from the caller (InvokeFunction only through the URL).
    assert {p["Action"] for p in granted} == {"lambda:InvokeFunctionUrl", "lambda:InvokeFunction"}
    for permission in granted:
        assert permission["Principal"] == "cloudfront.amazonaws.com"
        assert permission["SourceArn"]["Fn::Join"][1][-2:] == [":distribution/", {"Ref": distribution_id}]
    # Nothing else may call the URL: the only other permission is the retired REST API's.
    others = {
        p["Properties"]["Principal"]
        for p in each_stage.of_type("AWS::Lambda::Permission").values()
        if p["Properties"].get("FunctionName") == {"Ref": "APIHandler"}
    }
    assert others <= {"apigateway.amazonaws.com"}


def test_the_api_function_is_throttled_by_its_reserved_concurrency(each_stage: Synthesized) -> None:
    reserved = each_stage.resources["APIHandler"]["Properties"]["ReservedConcurrentExecutions"]
    assert 0 < reserved <= 100  # an account keeps at least 100 unreserved


def test_the_distributions_web_acl_rate_limits_each_address(each_stage: Synthesized) -> None:
    """CloudFront's web ACL, in the stage's edge stack in us-east-1, guards the app and the API."""
    (acl_id, acl) = _single_edge(each_stage, "AWS::WAFv2::WebACL")
    assert acl["Properties"]["Scope"] == "CLOUDFRONT"
    rules = acl["Properties"]["Rules"]
    assert any("RateBasedStatement" in rule["Statement"] for rule in rules)
    assert len({rule["Priority"] for rule in rules}) == len(rules)
    (web,) = [
        value["Properties"]["DistributionConfig"]
        for value in each_stage.of_type("AWS::CloudFront::Distribution").values()
        if "API" in value["Properties"]["DistributionConfig"]["Comment"]
    ]
    # The ARN crosses regions through the CDK's export reader (an SSM parameter in us-east-1).
    reader, parameter = web["WebACLId"]["Fn::GetAtt"]
    assert each_stage.resources[reader]["Type"] == "Custom::CrossRegionExportReader"
    assert acl_id in str(each_stage.edge["Resources"]) and parameter.startswith("/cdk/exports/")


def test_waf_applies_the_aws_managed_common_and_known_bad_inputs_rules(each_stage: Synthesized) -> None:
    (_, acl) = _single_edge(each_stage, "AWS::WAFv2::WebACL")
    rules = {rule["Name"]: rule for rule in acl["Properties"]["Rules"]}
    refused = {"Block": {"CustomResponse": {"ResponseCode": 403, "CustomResponseBodyKey": "refused"}}}
    for name in ("AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"):
        statement = rules[name]["Statement"]["ManagedRuleGroupStatement"]
        assert statement["VendorName"] == "AWS" and statement["Name"] == name
        assert rules[name]["OverrideAction"] == {"None": {}}  # the group's rules act, not counted
        actions = {o["Name"]: o["ActionToUse"] for o in statement["RuleActionOverrides"]}
        # Every rule that blocks answers the 403 problem, not WAF's own page.
        assert {rule for rule, action in actions.items() if action != refused} <= {"SizeRestrictions_BODY"}
    common = rules["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
    common_actions = {o["Name"]: o["ActionToUse"] for o in common["RuleActionOverrides"]}
    # Bodies over 8 KB are Kring's to refuse (413 above KRING_MAX_BODY_BYTES): WAF only counts them.
    assert common_actions["SizeRestrictions_BODY"] == {"Count": {}}
    assert {"CrossSiteScripting_BODY", "GenericLFI_URIPATH", "NoUserAgent_HEADER"} <= set(common_actions)
    bad_inputs = rules["AWSManagedRulesKnownBadInputsRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
    assert {"Log4JRCE_HEADER", "Host_localhost_HEADER"} <= {
        o["Name"] for o in bad_inputs["RuleActionOverrides"]
    }


def _problem_body(acl: dict[str, Any], key: str) -> dict[str, Any]:
    body = acl["Properties"]["CustomResponseBodies"][key]
    assert body["ContentType"] == "APPLICATION_JSON"  # WAF's only JSON type; the fields make it a problem
    problem: dict[str, Any] = json.loads(body["Content"])
    assert problem["type"].startswith(PROBLEM_TYPE_BASE) and problem["title"] and problem["detail"]
    return problem


def test_a_client_over_the_rate_limit_gets_a_429_problem_saying_when_to_retry(
    each_stage: Synthesized,
) -> None:
    (_, acl) = _single_edge(each_stage, "AWS::WAFv2::WebACL")
    (rate_rule,) = [r for r in acl["Properties"]["Rules"] if "RateBasedStatement" in r["Statement"]]
    response = rate_rule["Action"]["Block"]["CustomResponse"]
    assert response["ResponseCode"] == 429
    assert _problem_body(acl, response["CustomResponseBodyKey"])["status"] == 429
    (retry_after,) = [h for h in response["ResponseHeaders"] if h["Name"] == "Retry-After"]
    # Within the rate rule's window: 5 minutes at most, counted in whole seconds.
    assert 0 < int(retry_after["Value"]) <= 300


def test_a_request_the_managed_rules_refuse_gets_a_403_problem(each_stage: Synthesized) -> None:
    (_, acl) = _single_edge(each_stage, "AWS::WAFv2::WebACL")
    problem = _problem_body(acl, "refused")
    assert problem["status"] == 403
    assert problem["type"] != f"{PROBLEM_TYPE_BASE}forbidden"  # not the app's own refusal of a member


def test_one_organisation_cannot_take_the_whole_stage(each_stage: Synthesized) -> None:
    """The per-organisation quota is below what the API function serves at its reserved
    concurrency; its counter (one item per organisation and minute, written once per request) stays
    below a partition's 1,000 writes/s."""
    settings = StageSettings(stage=each_stage.stage)
    reserved = each_stage.resources["APIHandler"]["Properties"]["ReservedConcurrentExecutions"]
    assert reserved == settings.api_reserved_concurrency
    quotas = {
        int(props["Environment"]["Variables"]["KRING_ORG_REQUESTS_PER_MINUTE"])
        for props in _functions(each_stage).values()
    }
    (quota,) = quotas
    assert 0 < quota < settings.api_requests_per_second * 60
    assert settings.api_requests_per_second < 1000, "shard chalicelib/store/quotas.py's counter first"


# ------------------------------------------------------------ alarms
def test_alarms_cover_functions_api_table_and_queues(dev: Synthesized) -> None:
    alarms = {
        a["Properties"]["AlarmName"]: a["Properties"] for a in dev.of_type("AWS::CloudWatch::Alarm").values()
    }
    names = set(alarms)
    for props in _functions(dev).values():
        assert f"{props['FunctionName']}-errors" in names
        assert f"{props['FunctionName']}-throttles" in names
    assert {"Kring-dev-api-5xx", "Kring-dev-table-throttles", "Kring-dev-stream-failures"} <= names
    # The API's 5XX as its function URL counts them (no API Gateway metrics any more).
    api_5xx = alarms["Kring-dev-api-5xx"]
    assert (api_5xx["Namespace"], api_5xx["MetricName"]) == ("AWS/Lambda", "Url5xxCount")
    assert api_5xx["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": "APIHandler"}}]
    assert "Kring-dev-scheduler-dlq" in names
    dead_letters = alarms["Kring-dev-stream-dead-letters"]
    assert (dead_letters["Namespace"], dead_letters["MetricName"]) == ("Kring", "StreamRecordDeadLettered")
    (topic_id,) = dev.of_type("AWS::SNS::Topic")
    for props in alarms.values():
        assert props["AlarmActions"] == [{"Ref": topic_id}]


def test_alarm_topic_is_encrypted_and_mails_the_operator(dev: Synthesized) -> None:
    topic = _only(dev, "AWS::SNS::Topic")["Properties"]
    assert "KmsMasterKeyId" in topic
    subscription = _only(dev, "AWS::SNS::Subscription")["Properties"]
    assert subscription["Protocol"] == "email" and subscription["Endpoint"] == ALARM_EMAIL


def test_outputs_for_the_kring_cli(each_stage: Synthesized) -> None:
    outputs = each_stage.template["Outputs"]
    assert {
        "ApiUrl",
        "UserPoolId",
        "UserPoolClientId",
        "TableName",
        "MediaBucketName",
        "MediaDistributionDomainName",
        "Region",
    } <= set(outputs)
    assert outputs["TableName"]["Value"] == {"Ref": definitions.TABLE_LOGICAL_NAME}


def test_what_holds_data_keeps_its_logical_id(each_stage: Synthesized) -> None:
    """CloudFormation replaces a resource whose logical id changes: the table, the buckets, the pool,
    the secret and the key with what they hold. Moving code between infra/parts/ must not do that."""
    holding_data = {
        "KringTable": "AWS::DynamoDB::Table",
        "AccessLogBucketDA470295": "AWS::S3::Bucket",
        "MediaBucketBCBB02BA": "AWS::S3::Bucket",
        "MediaDistributionLogBucketAFC2353E": "AWS::S3::Bucket",
        "UserPool": "AWS::Cognito::UserPool",
        "CursorSecretABAE1358": "AWS::SecretsManager::Secret",
        "AlarmTopicKey57B0D3A7": "AWS::KMS::Key",
        "StreamFailuresE6D4F770": "AWS::SQS::Queue",
        "SchedulerDlqBE0A9ADA": "AWS::SQS::Queue",
    }
    found = {k: each_stage.resources[k]["Type"] for k in holding_data if k in each_stage.resources}
    assert found == holding_data
