#!/usr/bin/env python3
"""The network family of the EC2 endpoint, end to end with boto3, checked against the REST views.

Builds a VPC with a subnet, an internet gateway, a route table with a default route, a security group with
rules in both request forms, an elastic IP; describes each through EC2 with ids and filters and compares the
answers with the REST API's views (GET /v1/...); checks that every XML element of every answer is one the
botocore EC2 model (2016-11-15) knows, where the SDKs look for it; then deletes everything it made.

Environment:
  EC2_ENDPOINT_URL   the EC2 endpoint (e.g. http://127.0.0.1:28191)
  HANEUL_API_URL     the REST gateway (e.g. http://127.0.0.1:28080)
  AWS_SHARED_CREDENTIALS_FILE / AWS_PROFILE, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: a read-write key
  AWS_DEFAULT_REGION (kr-central-1 when unset)

Run: python3 ec2-api/src/test/python/network_lab.py   (exit status 0 when every check passed)
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET

import boto3

import shapes
import botocore.exceptions

ENDPOINT = os.environ["EC2_ENDPOINT_URL"]
API = os.environ["HANEUL_API_URL"].rstrip("/")
REGION = os.environ.get("AWS_DEFAULT_REGION", "kr-central-1")

session = boto3.session.Session(region_name=REGION)
ec2 = session.client("ec2", endpoint_url=ENDPOINT)
checks = 0


ec2.meta.events.register("before-parse.ec2.*", shapes.check_xml)
shape_problems = shapes.problems



# ---- the REST side ---------------------------------------------------------------------------------------------

def _token():
    creds = session.get_credentials().get_frozen_credentials()
    body = json.dumps({"accessKeyId": creds.access_key, "secretAccessKey": creds.secret_key}).encode()
    req = urllib.request.Request(API + "/v1/auth/token", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        answer = json.load(r)
    return answer.get("accessToken") or answer.get("token")


TOKEN = _token()


def rest(path, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(API + path, data, {"Authorization": "Bearer " + TOKEN,
                                                    "Content-Type": "application/json"}, method=method)
    with urllib.request.urlopen(req) as r:
        raw = r.read()
    return json.loads(raw) if raw else None


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def error_code(call, **kwargs):
    try:
        call(**kwargs)
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
    return None


IMAGE = os.environ.get("LAB_IMAGE_ID", "ami-0a1b2c3d4e5f60003")


def poll(read, what, timeout=120):
    """Reads until the answer is not empty (the services answer events asynchronously), or fails."""
    deadline = time.monotonic() + timeout
    while True:
        got = read()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(1)


def f(name, *values):
    return {"Name": name, "Values": list(values)}


# ---- the lab ---------------------------------------------------------------------------------------------------

def lab(made):
    tag = uuid.uuid4().hex[:6]

    # VPC
    vpc = ec2.create_vpc(CidrBlock="10.123.0.0/16")["Vpc"]
    made.append(("vpc", vpc["VpcId"]))
    view = rest("/v1/vpcs/" + vpc["VpcId"])
    check(vpc["CidrBlock"] == view["cidrBlock"] == "10.123.0.0/16", "CreateVpc's block")
    check(vpc["State"] == view["state"] and vpc["OwnerId"] == view["ownerId"], "CreateVpc's state and owner")
    check(vpc["IsDefault"] is False, "a new VPC is not the default one")
    got = ec2.describe_vpcs(VpcIds=[vpc["VpcId"]])["Vpcs"]
    check([v["VpcId"] for v in got] == [vpc["VpcId"]], "DescribeVpcs by id")
    got = ec2.describe_vpcs(Filters=[f("cidr", "10.123.*")])["Vpcs"]
    check(vpc["VpcId"] in [v["VpcId"] for v in got], "DescribeVpcs with a wildcard cidr filter")
    check(all(v["CidrBlock"].startswith("10.123.") for v in got), "the cidr filter matches only its blocks")
    default = ec2.describe_vpcs(Filters=[f("is-default", "true")])["Vpcs"]
    check(len(default) == 1 and default[0]["IsDefault"], "DescribeVpcs is-default")
    check(error_code(ec2.describe_vpcs, Filters=[f("bogus", "x")]) == "InvalidParameterValue", "unknown filter")
    check(error_code(ec2.describe_vpcs, VpcIds=["vpc-0123456789abcdef0"]) == "InvalidVpcID.NotFound",
          "DescribeVpcs of an unknown id")
    check(error_code(ec2.create_vpc, CidrBlock="10.9.0.0/16", DryRun=True) == "DryRunOperation", "DryRun")
    check(ec2.describe_vpcs(Filters=[f("tag:Name", "x")])["Vpcs"] == [], "a tag filter matches nothing")

    # subnet
    sub = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="10.123.1.0/24")["Subnet"]
    made.append(("subnet", sub["SubnetId"]))
    view = rest("/v1/subnets/" + sub["SubnetId"])
    check(sub["CidrBlock"] == view["cidrBlock"] and sub["VpcId"] == vpc["VpcId"], "CreateSubnet")
    check(sub["AvailableIpAddressCount"] == view["availableIpAddressCount"] == 251, "the address count")
    check(sub["AvailabilityZone"] == view["availabilityZone"], "the zone")
    check(sub["MapPublicIpOnLaunch"] is False, "no public IPs by default")
    got = ec2.describe_subnets(Filters=[f("vpc-id", vpc["VpcId"])])["Subnets"]
    check([s["SubnetId"] for s in got] == [sub["SubnetId"]], "DescribeSubnets vpc-id (the REST filter)")
    got = ec2.describe_subnets(Filters=[f("vpc-id", vpc["VpcId"]), f("cidr-block", "10.123.2.0/24")])["Subnets"]
    check(got == [], "DescribeSubnets cidr-block (matched here)")
    code = error_code(ec2.modify_subnet_attribute, SubnetId=sub["SubnetId"], MapPublicIpOnLaunch={"Value": True})
    check(code is None, "ModifySubnetAttribute: %s" % code)
    check(rest("/v1/subnets/" + sub["SubnetId"])["mapPublicIpOnLaunch"] is True, "ModifySubnetAttribute")
    got = ec2.describe_subnets(SubnetIds=[sub["SubnetId"]])["Subnets"][0]
    check(got["MapPublicIpOnLaunch"] is True, "DescribeSubnets shows the change")

    # internet gateway
    igw = ec2.create_internet_gateway()["InternetGateway"]
    made.append(("igw", igw["InternetGatewayId"]))
    check(igw["Attachments"] == [], "a new gateway is detached")
    ec2.attach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc["VpcId"])
    made.append(("igw-attachment", (igw["InternetGatewayId"], vpc["VpcId"])))
    view = rest("/v1/internet-gateways/" + igw["InternetGatewayId"])
    check(view["attachments"][0]["vpcId"] == vpc["VpcId"], "AttachInternetGateway (REST)")
    got = ec2.describe_internet_gateways(Filters=[f("attachment.vpc-id", vpc["VpcId"])])["InternetGateways"]
    check([g["InternetGatewayId"] for g in got] == [igw["InternetGatewayId"]], "DescribeInternetGateways")
    check(got[0]["Attachments"] == [{"VpcId": vpc["VpcId"], "State": "available"}], "the attachment")

    # route table
    rtb = ec2.create_route_table(VpcId=vpc["VpcId"])["RouteTable"]
    made.append(("rtb", rtb["RouteTableId"]))
    check([r["DestinationCidrBlock"] for r in rtb["Routes"]] == ["10.123.0.0/16"], "only the local route")
    ec2.create_route(RouteTableId=rtb["RouteTableId"], DestinationCidrBlock="0.0.0.0/0",
                     GatewayId=igw["InternetGatewayId"])
    assoc = ec2.associate_route_table(RouteTableId=rtb["RouteTableId"], SubnetId=sub["SubnetId"])
    made.append(("rtb-assoc", assoc["AssociationId"]))
    check(assoc["AssociationState"]["State"] == "associated", "AssociateRouteTable")
    view = rest("/v1/route-tables/" + rtb["RouteTableId"])
    got = ec2.describe_route_tables(RouteTableIds=[rtb["RouteTableId"]])["RouteTables"][0]
    check(sorted(r["DestinationCidrBlock"] for r in got["Routes"])
          == sorted(r["destinationCidrBlock"] for r in view["routes"]), "DescribeRouteTables' routes")
    check([a["RouteTableAssociationId"] for a in got["Associations"]]
          == [a["routeTableAssociationId"] for a in view["associations"]], "DescribeRouteTables' associations")
    got = ec2.describe_route_tables(Filters=[f("association.subnet-id", sub["SubnetId"])])["RouteTables"]
    check([t["RouteTableId"] for t in got] == [rtb["RouteTableId"]], "association.subnet-id")
    main = ec2.describe_route_tables(Filters=[f("vpc-id", vpc["VpcId"]), f("association.main", "true")])
    check(len(main["RouteTables"]) == 1 and main["RouteTables"][0]["RouteTableId"] != rtb["RouteTableId"],
          "association.main finds the VPC's main table")
    check(rest("/v1/subnets/" + sub["SubnetId"])["isPublic"] is True, "the subnet is public now")
    ec2.delete_route(RouteTableId=rtb["RouteTableId"], DestinationCidrBlock="0.0.0.0/0")
    view = rest("/v1/route-tables/" + rtb["RouteTableId"])
    check([r["destinationCidrBlock"] for r in view["routes"]] == ["10.123.0.0/16"], "DeleteRoute")

    # security group
    name = "lab-" + tag
    gid = ec2.create_security_group(GroupName=name, Description="lab", VpcId=vpc["VpcId"])["GroupId"]
    made.append(("sg", gid))
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "https"}]},
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": gid}]}])
    # the old flat form, as `aws ec2 authorize-security-group-ingress --protocol tcp --port 22 --cidr` once sent
    ec2.authorize_security_group_ingress(GroupId=gid, IpProtocol="tcp", FromPort=22, ToPort=22,
                                         CidrIp="192.0.2.0/24")
    view = rest("/v1/security-groups/" + gid)
    got = ec2.describe_security_groups(GroupIds=[gid])["SecurityGroups"][0]
    check(got["GroupName"] == name and got["Description"] == "lab" and got["VpcId"] == vpc["VpcId"],
          "DescribeSecurityGroups")
    rules = {(p["FromPort"], r["CidrIp"]) for p in got["IpPermissions"] for r in p["IpRanges"]}
    check(rules == {(443, "0.0.0.0/0"), (22, "192.0.2.0/24")}, "the CIDR rules of both forms: %s" % rules)
    pairs = [g["GroupId"] for p in got["IpPermissions"] for g in p["UserIdGroupPairs"]]
    check(pairs == [gid], "the group rule")
    check(len(got["IpPermissions"]) == len(view["ipPermissions"]), "as many permissions as the REST view")
    check(got["IpPermissionsEgress"][0]["IpProtocol"] == "-1", "all egress by default")
    got = ec2.describe_security_groups(Filters=[f("vpc-id", vpc["VpcId"]), f("ip-permission.from-port", "22")])
    check([g["GroupId"] for g in got["SecurityGroups"]] == [gid], "ip-permission.from-port")
    got = ec2.describe_security_group_rules(Filters=[f("group-id", gid)])["SecurityGroupRules"]
    check(len(got) == 4 and sum(r["IsEgress"] for r in got) == 1, "DescribeSecurityGroupRules: %s" % got)
    check(error_code(ec2.authorize_security_group_ingress, GroupId=gid, IpProtocol="tcp", FromPort=22,
                     ToPort=22, CidrIp="192.0.2.0/24") == "InvalidPermission.Duplicate", "a duplicate rule")
    ec2.revoke_security_group_ingress(GroupId=gid, IpProtocol="tcp", FromPort=22, ToPort=22,
                                      CidrIp="192.0.2.0/24")
    ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": gid}]}])
    ec2.revoke_security_group_egress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.authorize_security_group_egress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.123.0.2/32"}]}])
    view = rest("/v1/security-groups/" + gid)
    check([(p["fromPort"], len(p["ipRanges"])) for p in view["ipPermissions"]] == [(443, 1)], "revokes (REST)")
    check([p["ipProtocol"] for p in view["ipPermissionsEgress"]] == ["udp"], "egress changes (REST)")
    check(error_code(ec2.revoke_security_group_ingress, GroupId=gid, IpProtocol="tcp", FromPort=1, ToPort=1,
                     CidrIp="0.0.0.0/0") == "InvalidPermission.NotFound", "revoking a rule that does not exist")

    # paging: by the REST list (vpc-id) and here (a wildcard group-name), 5 a page
    extra = []
    for i in range(6):
        extra.append(ec2.create_security_group(GroupName=f"{name}-{i}", Description="page", VpcId=vpc["VpcId"])
                     ["GroupId"])
        made.append(("sg", extra[-1]))
    for filters, expected in (([f("vpc-id", vpc["VpcId"])], 8), ([f("group-name", name + "-*")], 6)):
        pages = list(ec2.get_paginator("describe_security_groups").paginate(
            Filters=filters, PaginationConfig={"PageSize": 5}))
        ids = [g["GroupId"] for p in pages for g in p["SecurityGroups"]]
        check([len(p["SecurityGroups"]) for p in pages] == [5, expected - 5], "pages of %s" % filters)
        check(len(set(ids)) == expected and set(extra) <= set(ids), "every group once, %s" % filters)

    # elastic IP
    eip = ec2.allocate_address(Domain="vpc")
    made.append(("eip", eip["AllocationId"]))
    view = rest("/v1/elastic-ips/" + eip["AllocationId"])
    check(eip["PublicIp"] == view["publicIp"] and eip["Domain"] == "vpc", "AllocateAddress")
    got = ec2.describe_addresses(PublicIps=[eip["PublicIp"]])["Addresses"]
    check([a["AllocationId"] for a in got] == [eip["AllocationId"]], "DescribeAddresses by public IP")
    got = ec2.describe_addresses(Filters=[f("allocation-id", eip["AllocationId"])])["Addresses"]
    check(len(got) == 1 and "AssociationId" not in got[0], "DescribeAddresses allocation-id, not associated")
    check(error_code(ec2.describe_addresses, PublicIps=["198.51.100.254"]) == "InvalidAddress.NotFound",
          "an address the caller does not have")
    check(error_code(ec2.disassociate_address, AssociationId="eipassoc-0123456789abcdef0")
          == "InvalidAssociationID.NotFound", "an unknown association")

    # an instance in the subnet: its interface, and the elastic IP on it
    run = ec2.run_instances(ImageId=IMAGE, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                            SubnetId=sub["SubnetId"])
    iid = run["Instances"][0]["InstanceId"]
    made.append(("instance", iid))
    enis = poll(lambda: ec2.describe_network_interfaces(
        Filters=[f("attachment.instance-id", iid)])["NetworkInterfaces"], "the instance's interface")
    eni = enis[0]
    view = rest("/v1/network-interfaces/" + eni["NetworkInterfaceId"])
    check(eni["SubnetId"] == sub["SubnetId"] and eni["VpcId"] == vpc["VpcId"], "the interface's subnet and VPC")
    check(eni["PrivateIpAddress"] == view["privateIpAddress"] and eni["Attachment"]["InstanceId"] == iid,
          "the interface's address and attachment")
    check(eni["PrivateIpAddresses"][0]["Primary"] is True, "its primary address")
    assoc_id = ec2.associate_address(AllocationId=eip["AllocationId"], InstanceId=iid)["AssociationId"]
    view = rest("/v1/elastic-ips/" + eip["AllocationId"])
    check(view["associationId"] == assoc_id and view["instanceId"] == iid, "AssociateAddress (REST)")
    got = ec2.describe_addresses(Filters=[f("instance-id", iid)])["Addresses"]
    check([(a["AllocationId"], a["AssociationId"], a["NetworkInterfaceId"]) for a in got]
          == [(eip["AllocationId"], assoc_id, eni["NetworkInterfaceId"])], "DescribeAddresses instance-id")
    got = poll(lambda: ec2.describe_network_interfaces(
        Filters=[f("association.public-ip", eip["PublicIp"])])["NetworkInterfaces"], "the interface's public IP")
    check([n["NetworkInterfaceId"] for n in got] == [eni["NetworkInterfaceId"]], "association.public-ip")
    ec2.disassociate_address(AssociationId=assoc_id)
    check(rest("/v1/elastic-ips/" + eip["AllocationId"]).get("associationId") is None, "DisassociateAddress")
    ec2.associate_address(PublicIp=eip["PublicIp"], NetworkInterfaceId=eni["NetworkInterfaceId"])
    check(rest("/v1/elastic-ips/" + eip["AllocationId"])["networkInterfaceId"] == eni["NetworkInterfaceId"],
          "AssociateAddress by public IP onto the interface")
    ec2.disassociate_address(PublicIp=eip["PublicIp"])
    check(rest("/v1/elastic-ips/" + eip["AllocationId"]).get("associationId") is None,
          "DisassociateAddress by public IP")

    # network interfaces: the account's, compared with the REST list
    got = ec2.describe_network_interfaces()["NetworkInterfaces"]
    view = rest("/v1/network-interfaces")["networkInterfaces"]
    check(sorted(n["NetworkInterfaceId"] for n in got) == sorted(n["networkInterfaceId"] for n in view),
          "DescribeNetworkInterfaces")
    if view:
        one = view[0]
        got = ec2.describe_network_interfaces(Filters=[f("subnet-id", one["subnetId"])])["NetworkInterfaces"]
        check(one["networkInterfaceId"] in [n["NetworkInterfaceId"] for n in got], "subnet-id")
        check(all(n["SubnetId"] == one["subnetId"] for n in got), "subnet-id matches only its subnet")
        got = ec2.describe_network_interfaces(NetworkInterfaceIds=[one["networkInterfaceId"]])
        n = got["NetworkInterfaces"][0]
        check(n["PrivateIpAddress"] == one["privateIpAddress"] and n["MacAddress"] == one["macAddress"],
              "DescribeNetworkInterfaces by id")
        check([g["GroupId"] for g in n["Groups"]] == [g["groupId"] for g in one["groups"]], "its groups")
        instances = [a for a in [one.get("attachment")] if a]
        for a in instances:
            got = ec2.describe_network_interfaces(Filters=[f("attachment.instance-id", a["instanceId"])])
            check([x["NetworkInterfaceId"] for x in got["NetworkInterfaces"]] == [one["networkInterfaceId"]],
                  "attachment.instance-id")


def read_only():
    """A read-only key may describe the network family and change none of it (UnauthorizedOperation)."""
    key = rest("/v1/access-keys", "POST", {"readOnly": True})
    try:
        ro = boto3.session.Session(aws_access_key_id=key["accessKeyId"], aws_secret_access_key=key["secretAccessKey"],
                                   region_name=REGION).client("ec2", endpoint_url=ENDPOINT)
        ro.describe_vpcs()
        ro.describe_security_groups()
        ro.describe_addresses()
        ro.describe_security_group_rules()
        ro.describe_network_interfaces()
        vpc, sub, igw, rtb, sg = ("vpc-0123456789abcdef0", "subnet-0123456789abcdef0", "igw-0123456789abcdef0",
                                  "rtb-0123456789abcdef0", "sg-0123456789abcdef0")
        perm = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
        writes = [
            (ro.create_vpc, {"CidrBlock": "10.9.0.0/16"}), (ro.delete_vpc, {"VpcId": vpc}),
            (ro.create_subnet, {"VpcId": vpc, "CidrBlock": "10.9.0.0/24"}), (ro.delete_subnet, {"SubnetId": sub}),
            (ro.modify_subnet_attribute, {"SubnetId": sub, "MapPublicIpOnLaunch": {"Value": True}}),
            (ro.create_internet_gateway, {}), (ro.delete_internet_gateway, {"InternetGatewayId": igw}),
            (ro.attach_internet_gateway, {"InternetGatewayId": igw, "VpcId": vpc}),
            (ro.detach_internet_gateway, {"InternetGatewayId": igw, "VpcId": vpc}),
            (ro.create_route_table, {"VpcId": vpc}), (ro.delete_route_table, {"RouteTableId": rtb}),
            (ro.create_route, {"RouteTableId": rtb, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw}),
            (ro.delete_route, {"RouteTableId": rtb, "DestinationCidrBlock": "0.0.0.0/0"}),
            (ro.associate_route_table, {"RouteTableId": rtb, "SubnetId": sub}),
            (ro.disassociate_route_table, {"AssociationId": "rtbassoc-0123456789abcdef0"}),
            (ro.create_security_group, {"GroupName": "x", "Description": "x"}),
            (ro.delete_security_group, {"GroupId": sg}),
            (ro.authorize_security_group_ingress, {"GroupId": sg, "IpPermissions": perm}),
            (ro.authorize_security_group_egress, {"GroupId": sg, "IpPermissions": perm}),
            (ro.revoke_security_group_ingress, {"GroupId": sg, "IpPermissions": perm}),
            (ro.revoke_security_group_egress, {"GroupId": sg, "IpPermissions": perm}),
            (ro.allocate_address, {}), (ro.release_address, {"AllocationId": "eipalloc-0123456789abcdef0"}),
            (ro.associate_address, {"AllocationId": "eipalloc-0123456789abcdef0", "InstanceId": "i-0123456789abcdef0"}),
            (ro.disassociate_address, {"AssociationId": "eipassoc-0123456789abcdef0"}),
        ]
        for call, kwargs in writes:
            check(error_code(call, **kwargs) == "UnauthorizedOperation", "read-only " + call.__name__)
    finally:
        rest("/v1/access-keys/" + key["accessKeyId"], "DELETE")


def cleanup(made):
    """Deletes what the lab made, newest first, through EC2 (so the deletes are checked too)."""
    failures = []
    for kind, rid in reversed(made):
        try:
            if kind == "eip":
                ec2.release_address(AllocationId=rid)
            elif kind == "instance":
                ec2.terminate_instances(InstanceIds=[rid])
                # the subnet and groups can go once the instance's interface is gone
                poll(lambda: not ec2.describe_network_interfaces(
                    Filters=[f("attachment.instance-id", rid)])["NetworkInterfaces"], "the interface to go")
            elif kind == "sg":
                ec2.delete_security_group(GroupId=rid)
            elif kind == "rtb-assoc":
                ec2.disassociate_route_table(AssociationId=rid)
            elif kind == "rtb":
                ec2.delete_route_table(RouteTableId=rid)
            elif kind == "igw-attachment":
                ec2.detach_internet_gateway(InternetGatewayId=rid[0], VpcId=rid[1])
            elif kind == "igw":
                ec2.delete_internet_gateway(InternetGatewayId=rid)
            elif kind == "subnet":
                ec2.delete_subnet(SubnetId=rid)
            elif kind == "vpc":
                ec2.delete_vpc(VpcId=rid)
        except botocore.exceptions.ClientError as e:
            failures.append(f"{kind} {rid}: {e}")
    for kind, rid in made:
        path = {"eip": "/v1/elastic-ips/", "sg": "/v1/security-groups/", "rtb": "/v1/route-tables/",
                "igw": "/v1/internet-gateways/", "subnet": "/v1/subnets/", "vpc": "/v1/vpcs/"}.get(kind)
        if path:
            try:
                rest(path + rid)
                failures.append(f"{kind} {rid} still exists")
            except urllib.error.HTTPError as e:
                if e.code != 404:
                    failures.append(f"{kind} {rid}: HTTP {e.code}")
    return failures


def main():
    made = []
    failed = None
    try:
        lab(made)
        read_only()
    except (AssertionError, botocore.exceptions.ClientError) as e:
        failed = e
    failures = cleanup(made)
    if failed is not None:
        print(f"FAILED after {checks} checks: {failed!r}")
    if failures:
        print("cleanup failed:", *failures, sep="\n  ")
        return 1
    if shape_problems:
        print("elements the botocore model does not know:", *sorted(set(shape_problems)), sep="\n  ")
        return 1
    if failed is not None:
        return 1
    print(f"network lab: {checks} checks passed, every answer's elements are in the botocore model")
    return 0


if __name__ == "__main__":
    sys.exit(main())
