"""Media downloads: CloudFront in front of the private media bucket, for signed URLs only."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager

from chalicelib import definitions
from infra import definitions_cfn, signing_key
from infra.parts.common import acknowledge
from infra.settings import StageSettings


def acknowledge_default_certificate_and_geography(distribution: cloudfront.Distribution) -> None:
    """What a distribution on its own *.cloudfront.net name cannot change (media and web alike)."""
    acknowledge(
        distribution,
        "AwsSolutions-CFR4",
        "The distribution answers on its own *.cloudfront.net name with CloudFront's default "
        "certificate, whose minimum TLS version CloudFront fixes; a custom domain with an ACM "
        "certificate (TLSv1.2_2021) comes with the stage's own domain name.",
    )
    acknowledge(
        distribution,
        "AwsSolutions-CFR1",
        "Members of an organisation travel and work abroad; access is decided by who signs in (and, "
        "for media, by the signed URL the API issues), not by country.",
    )


class MediaCdn:
    """The bucket stays private: the distribution reads `orgs/*` through origin access control
    (the bucket policy below). Viewers need a URL signed with the key in the trusted key group
    (canned policy, chalicelib/media/signed_urls.py); the response headers policy adds nosniff
    and a sandboxing CSP from chalicelib/definitions.MEDIA_RESPONSE_HEADERS to every response.
    """

    def __init__(
        self, stack: Stack, settings: StageSettings, media_bucket: s3.Bucket, log_bucket: s3.Bucket
    ) -> None:
        prefix = settings.name_prefix
        self.signing_key_secret = secretsmanager.Secret.from_secret_name_v2(
            stack, "MediaSigningKey", signing_key.secret_name(settings.stage)
        )
        public_pem = settings.media_public_key_pem or signing_key.EXAMPLE_PUBLIC_KEY.read_text()
        # A new key is a new public key resource (CloudFront cannot change a key's value in place).
        self.public_key = cloudfront.PublicKey(
            stack,
            f"MediaSigningPublicKey{signing_key.key_fingerprint(public_pem)}",
            encoded_key=public_pem.strip(),
            comment=f"{prefix}: checks media download URLs",
        )
        key_group = cloudfront.KeyGroup(
            stack,
            "MediaKeyGroup",
            items=[self.public_key],
            comment=f"{prefix}: keys media download URLs are signed with",
        )
        headers = cloudfront.ResponseHeadersPolicy(
            stack,
            "MediaResponseHeaders",
            comment=f"{prefix}: media is never sniffed, never a live page",
            **definitions_cfn.media_response_headers(),
        )
        access_control = cloudfront.S3OriginAccessControl(
            stack, "MediaOriginAccessControl", description=f"{prefix}: the media distribution"
        )
        # CloudFront standard logging writes with ACLs, which the other buckets do not allow.
        self.distribution_log_bucket = s3.Bucket(
            stack,
            "MediaDistributionLogBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
            server_access_logs_bucket=log_bucket,
            server_access_logs_prefix="media-distribution-logs/",
            lifecycle_rules=[s3.LifecycleRule(id="expire-logs", expiration=Duration.days(90))],
            removal_policy=settings.removal,
        )
        self.distribution = cloudfront.Distribution(
            stack,
            "MediaDistribution",
            comment=f"{prefix} media downloads (signed URLs)",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_bucket_defaults(
                    media_bucket,
                    origin_access_control_id=access_control.origin_access_control_id,
                ),
                # A signed URL is a bearer token for its lifetime: never sent over plain HTTP.
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD,
                # No query string, header or cookie reaches the bucket or the cache key.
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=headers,
                trusted_key_groups=[key_group],
            ),
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            # Who fetched which object, from where: a URL passed on to someone else shows up here.
            enable_logging=True,
            log_bucket=self.distribution_log_bucket,
            log_file_prefix="media/",
        )
        acknowledge_default_certificate_and_geography(self.distribution)
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR2",
            "Every request needs a URL signed with the stage's key, checked at the edge before the "
            "origin is asked; WAF for CloudFront would need a web ACL in us-east-1 (another stack).",
        )
        # Origin access control: only this distribution reads, and only the organisations' objects.
        media_bucket.add_to_resource_policy(
            iam.PolicyStatement(
                sid="MediaDistributionReads",
                principals=[iam.ServicePrincipal("cloudfront.amazonaws.com")],
                actions=["s3:GetObject"],
                resources=[media_bucket.arn_for_objects(f"{definitions.MEDIA_KEY_PREFIX}*")],
                conditions={
                    "StringEquals": {
                        "AWS:SourceArn": stack.format_arn(
                            service="cloudfront",
                            region="",
                            resource="distribution",
                            resource_name=self.distribution.distribution_id,
                        )
                    }
                },
            )
        )
