"""Every EC2 answer's XML against the botocore EC2 model (2016-11-15): an element the model does not have where it
stands is one the SDKs never read (a wrong name or place), so it is a defect even when the parsed answer looks right.

Use: ec2.meta.events.register("before-parse.ec2.*", shapes.check_xml); after the calls, shapes.problems lists
the paths of unknown elements.
"""
import xml.etree.ElementTree as ET

problems = []


def _local(tag):
    return tag.split("}", 1)[-1]


def _walk(elem, shape, path):
    if shape is None:
        return
    if shape.type_name == "structure":
        by_name = {m.serialization.get("name", n): m for n, m in shape.members.items()}
        for child in elem:
            tag = _local(child.tag)
            if tag not in by_name:
                problems.append(f"{path}/{tag}")
            else:
                _walk(child, by_name[tag], f"{path}/{tag}")
    elif shape.type_name == "list":
        for child in elem:
            if _local(child.tag) != shape.member.serialization.get("name", "item"):
                problems.append(f"{path}/{_local(child.tag)} (not an item)")
            _walk(child, shape.member, f"{path}/item")
    elif len(elem):
        problems.append(f"{path} has children but is a {shape.type_name}")


def check_xml(operation_model, response_dict, **kwargs):
    if response_dict.get("status_code", 500) >= 300:
        return
    root = ET.fromstring(response_dict["body"])
    shape = operation_model.output_shape
    for child in root:
        tag = _local(child.tag)
        if tag in ("requestId", "return"):
            continue
        if shape is None:
            problems.append(f"{operation_model.name}/{tag} (the action answers nothing)")
            continue
        by_name = {m.serialization.get("name", n): m for n, m in shape.members.items()}
        if tag not in by_name:
            problems.append(f"{operation_model.name}/{tag}")
        else:
            _walk(child, by_name[tag], f"{operation_model.name}/{tag}")


